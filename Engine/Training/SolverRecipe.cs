using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
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
/// The solver preset for any planar chain and target kind: inputs and outputs as <see cref="ChainLayout"/>
/// lays them out, loss = joint MSE + FK loss (position, and end orientation for poses), trained on fresh
/// samples every epoch with cosine learning-rate decay (<see cref="FreshSampleLoop"/>). Rows come from the
/// closed form by distance for a 2-link arm reaching positions (<see cref="ClosedFormSamples"/>: its label
/// depends on r alone) and from poses drawn in joint space otherwise (<see cref="JointSpaceSamples"/>).
/// </summary>
public static class SolverRecipe
{
    /// <summary>
    /// The defaults for a chain: a 2-link position net of 64-64, wider (128-128) where posture inputs add
    /// dimensions or the orientation counts. Chosen by measurement: docs/training-choices.md.
    /// </summary>
    public static SolverOptions Defaults(PlanarChain chain, TaskBounds kind) =>
        IsTwoLinkPosition(chain, kind) ? new SolverOptions() : new SolverOptions { Hidden = [128, 128] };

    public static (IkModel Model, TrainingOutcome Outcome) Train(PlanarChain chain, TaskBounds kind,
        SolverOptions options, IDenseKernels kernels, Func<EpochReport, bool>? onEpoch = null,
        ResumePoint? resume = null)
    {
        var layout = new ChainLayout(chain.Joints, kind);
        var scaler = layout.Scaler(chain.Reach);
        var network = new Mlp([layout.Inputs, .. options.Hidden, layout.Outputs], kernels);
        var loss = new JointAndFkLoss(chain.Links, kind, options.FkWeight);
        IkModel Model() => new(network, scaler, chain, kind);
        var outcome = FreshSampleLoop.Run(network, loss, loss.TargetWidth, options, Sampler(chain, kind, layout,
            scaler), Model, onEpoch, resume);
        return (Model(), outcome);
    }

    /// <summary>
    /// The defaults for any spatial arm: a wider, deeper network and more fresh samples per epoch, since a pose in
    /// space has 6 to 9 target inputs and 6 or 7 joints to place; under 4 minutes on 2 cores for the Panda and the
    /// UR5 (what they give, and what longer training gives: docs/spatial-arms.md).
    /// </summary>
    public static SolverOptions SpatialDefaults => new()
    {
        Hidden = [256, 256, 256],
        Epochs = 400,
        SamplesPerEpoch = 32768,
        BatchSize = 128,
        LearningRate = 1e-3f,
        FinalLearningRate = 1e-5f,
        FkWeight = 1.0,
    };

    /// <summary>A spatial arm: rows drawn in joint space, each with a reference posture (see SpatialLayout).</summary>
    public static (IkModel Model, TrainingOutcome Outcome) Train(SpatialChain chain, TaskBounds kind,
        SolverOptions options, IDenseKernels kernels, Func<EpochReport, bool>? onEpoch = null,
        ResumePoint? resume = null)
    {
        var layout = new SpatialLayout(chain, kind);
        var scaler = layout.Scaler(chain.Reach);
        var network = new Mlp([layout.Inputs, .. options.Hidden, layout.Outputs], kernels);
        var loss = new JointAndFkLoss(chain, kind, options.FkWeight);
        IkModel Model() => new(network, scaler, chain, kind);
        var outcome = FreshSampleLoop.Run(network, loss, loss.TargetWidth, options,
            (count, rng) => JointSpaceSamples.Draw(chain, layout, count, rng, scaler), Model, onEpoch, resume);
        return (Model(), outcome);
    }

    /// <summary>A 2-link arm with joint limits, reaching positions.</summary>
    public static (IkModel Model, TrainingOutcome Outcome) Train(Arm arm, JointLimits limits,
        SolverOptions options, IDenseKernels kernels, Func<EpochReport, bool>? onEpoch = null,
        ResumePoint? resume = null)
        => Train(new PlanarChain(arm, limits), TaskBounds.PlanarPosition, options, kernels, onEpoch, resume);

    static Func<int, Rng, SampleSet> Sampler(PlanarChain chain, TaskBounds kind, ChainLayout layout,
        MinMaxScaler scaler)
    {
        if (!IsTwoLinkPosition(chain, kind))
            return (count, rng) => JointSpaceSamples.Draw(chain, layout, count, rng, scaler);
        var limits = new JointLimits(chain.Limits[0], chain.Limits[1]);
        return (count, rng) => ClosedFormSamples.Draw(chain.Base, limits, count, rng, scaler);
    }

    static bool IsTwoLinkPosition(PlanarChain chain, TaskBounds kind) =>
        chain.Joints == 2 && kind == TaskBounds.PlanarPosition;
}
