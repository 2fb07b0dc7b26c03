using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Training;

/// <summary>
/// The solver preset for chains of 3 to 8 links, for positions or full poses: inputs and outputs as
/// <see cref="ChainLayout"/> lays them out, rows from <see cref="ChainSamples"/>, loss = joint MSE +
/// FK loss (position, and end orientation for poses), trained like the 2-link solver.
/// </summary>
public static class ChainRecipe
{
    /// <summary>
    /// The defaults for a chain: wider than the 2-link net, since the posture inputs add dimensions. Chosen by
    /// measurement: docs/training-choices.md.
    /// </summary>
    public static SolverOptions Defaults => new() { Hidden = [128, 128] };

    public static (IkModel Model, IReadOnlyList<EpochReport> History) Train(PlanarChain chain, TargetKind targetKind,
        SolverOptions options,
        IDenseKernels kernels, Action<EpochReport>? onEpoch = null, ResumePoint? resume = null)
    {
        var layout = new ChainLayout(chain.Joints, targetKind);
        var scaler = layout.Scaler(chain.Reach);
        var network = new Mlp([layout.Inputs, .. options.Hidden, layout.Outputs], kernels);
        var loss = new JointAndFkLoss(chain.Links, targetKind, options.FkWeight);
        IkModel Model() => new(network, scaler, chain, ModelKind.Solver, targetKind);
        var history = FreshSampleLoop.Run(network, loss, loss.TargetWidth, options,
            (count, rng) => ChainSamples.Draw(chain, layout, count, rng, scaler), Model, onEpoch, resume);
        return (Model(), history);
    }
}
