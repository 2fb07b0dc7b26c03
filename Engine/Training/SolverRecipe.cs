using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Training;

/// <summary>
/// How the solver network is trained. The defaults were chosen by measurement (raw error against network size,
/// epochs and FK weight): docs/training-choices.md.
/// </summary>
public sealed record SolverOptions
{
    public IReadOnlyList<int> Hidden { get; init; } = [64, 64];
    public int Epochs { get; init; } = 300;
    public int SamplesPerEpoch { get; init; } = 8192;
    public int BatchSize { get; init; } = 64;
    public float LearningRate { get; init; } = 2e-3f;
    /// <summary>Learning rate at the last epoch, reached by cosine decay.</summary>
    public float FinalLearningRate { get; init; } = 2e-5f;
    public double FkWeight { get; init; } = 10.0;
    public ulong Seed { get; init; } = 42;
}

/// <summary>
/// The solver preset: inputs (r, branch), outputs (sin α, cos α, sin θ2, cos θ2) (see
/// <see cref="ChainLayout"/> for N = 2), loss = joint MSE + FK position loss, trained on fresh samples every
/// epoch with cosine learning-rate decay (<see cref="FreshSampleLoop"/>).
/// </summary>
public static class SolverRecipe
{
    public static (IkModel Model, IReadOnlyList<EpochReport> History) Train(Arm arm, JointLimits limits,
        SolverOptions options,
        IDenseKernels kernels, Action<EpochReport>? onEpoch = null, ResumePoint? resume = null)
    {
        var scaler = SolverSamples.Scaler(arm);
        var network = new Mlp([2, .. options.Hidden, 4], kernels);
        var loss = new JointAndFkLoss([arm.L1, arm.L2], TargetKind.Position, options.FkWeight);
        IkModel Model() => new(network, scaler, arm, ModelKind.Solver, limits: limits);
        var history = FreshSampleLoop.Run(network, loss, loss.TargetWidth, options,
            (count, rng) => SolverSamples.Draw(arm, limits, count, rng, scaler), Model, onEpoch, resume);
        return (Model(), history);
    }
}
