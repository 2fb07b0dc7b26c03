using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
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
    /// The defaults for a chain: wider than the 2-link net, since the posture inputs add dimensions. Chosen
    /// by measurement (2,000 joint-space targets, raw position error median, training time on 2 cores):
    /// 4 links 128-128 ×300 1.0e-2 in 11 s, ×600 8.3e-3 in twice the time, 256-256 6.9e-3 and
    /// 128-128-128 7.8e-3 at 1.5–4× the time; FK weight 1 1.5e-2, 30 9.9e-3. 6 links 128-128 ×300
    /// 4.7e-2, ×600 3.9e-2, 256-256 4.7e-2. Refinement makes every answer exact, so a better guess only
    /// saves iterations.
    /// </summary>
    public static SolverOptions Defaults => new() { Hidden = [128, 128] };

    public static (IkModel Model, IReadOnlyList<EpochReport> History) Train(PlanarChain chain, bool orientation, SolverOptions options,
        IDenseKernels kernels, Action<EpochReport>? onEpoch = null, ResumePoint? resume = null)
    {
        var layout = new ChainLayout(chain.Joints, orientation);
        var scaler = layout.Scaler(chain.Reach);
        var network = new Mlp([layout.Inputs, .. options.Hidden, layout.Outputs], kernels);
        var loss = new JointAndFkLoss(chain.Links, orientation, options.FkWeight);
        IkModel Model() => new(network, scaler, chain, IkModel.ChainOutputs, orientation);
        var history = FreshSampleLoop.Run(network, loss, loss.TargetWidth, options,
            (count, rng) => ChainSamples.Draw(chain, layout, count, rng, scaler), Model, onEpoch, resume);
        return (Model(), history);
    }
}
