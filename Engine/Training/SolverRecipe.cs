using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;

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
    /// <summary>
    /// Epochs of the learned step (<see cref="StepRecipe"/>) trained after the guess network, for an arm in space
    /// reaching poses; 0 trains none.
    /// </summary>
    public int StepEpochs { get; init; }
    /// <summary>The learned step's training rows.</summary>
    public int StepRows { get; init; } = StepRecipe.DefaultRows;
    /// <summary>
    /// Epochs of the direct guess (<see cref="DirectRecipe"/>), trained after the learned step for an arm in space
    /// reaching poses; 0 trains none.
    /// </summary>
    public int DirectEpochs { get; init; }
    /// <summary>The direct guess's training poses.</summary>
    public int DirectRows { get; init; } = DirectRecipe.DefaultRows;
}

/// <summary>
/// The solver preset for any chain and task: inputs and outputs as the chain's layout lays them out
/// (<see cref="ILayout"/>), loss = joint MSE + FK loss (position, and orientation for poses), trained on fresh
/// samples every epoch with cosine learning-rate decay (<see cref="FreshSampleLoop"/>). Rows come from the closed
/// form by distance for a 2-link arm reaching positions (<see cref="ClosedFormSamples"/>: its label depends on r
/// alone) and from poses drawn in joint space otherwise (<see cref="JointSpaceSamples"/>).
/// </summary>
public static class SolverRecipe
{
    /// <summary>
    /// The defaults for a chain. Planar: a 2-link position net of 64-64, wider (128-128) where posture inputs add
    /// dimensions or the orientation counts (docs/training-choices.md). In space: a wider, deeper network and more
    /// fresh samples per epoch, since a pose in space has 6 to 9 target inputs and 6 or 7 joints to place; under 4
    /// minutes on 2 cores for the Panda and the UR5 (what they give, and what longer training gives:
    /// docs/spatial-arms.md).
    /// </summary>
    public static SolverOptions Defaults(IChain chain, TaskBounds task) => chain switch
    {
        PlanarChain planar when IsTwoLinkPosition(planar, task) => new SolverOptions(),
        PlanarChain => new SolverOptions { Hidden = [128, 128] },
        _ => new SolverOptions
        {
            Hidden = [256, 256, 256], Epochs = 400, SamplesPerEpoch = 32768, BatchSize = 128, LearningRate = 1e-3f,
            FinalLearningRate = 1e-5f, FkWeight = 1.0, StepEpochs = task.HasOrientation ? 120 : 0,
            DirectEpochs = task.HasOrientation ? DirectRecipe.Defaults(0).Epochs : 0,
        },
    };

    /// <summary>
    /// Trains a solver network for <paramref name="chain"/> and <paramref name="task"/>, on one core or, given
    /// <paramref name="twoCores"/>, on both (the same bits either way). For an arm in space reaching poses, the learned
    /// step follows, then the direct guess.
    /// </summary>
    public static (IkModel Model, TrainingOutcome Outcome) Train(IChain chain, TaskBounds task, SolverOptions options,
        ParallelDense? twoCores = null, Func<EpochReport, bool>? onEpoch = null, ResumePoint? resume = null)
    {
        var layout = ILayout.For(chain, task);
        var scaler = layout.Scaler(chain.Reach);
        var network = new Mlp([layout.Inputs, .. options.Hidden, layout.Outputs],
            twoCores ?? (IDenseKernels)DenseBlocked.Instance);
        var loss = new JointAndFkLoss(chain, task, options.FkWeight);
        IkModel Model() => new(network, scaler, chain, task);
        var outcome = FreshSampleLoop.Run(network, loss, loss.TargetWidth, options,
            Sampler(chain, task, layout, scaler, twoCores?.Core), Model, onEpoch, resume, twoCores?.Core);
        if (outcome.StoppedAt is not null || options.StepEpochs == 0 || chain is not SpatialChain arm
            || !task.HasOrientation)
            return (Model(), outcome);
        var step = StepRecipe.Train(arm, StepRecipe.Defaults(options.Seed + 1) with { Epochs = options.StepEpochs },
            options.StepRows, null, twoCores);
        var stepped = Model().WithStep(step);
        if (options.DirectEpochs == 0)
            return (stepped, outcome);
        var direct = DirectRecipe.Train(arm, DirectRecipe.Defaults(options.Seed + 2) with
            { Epochs = options.DirectEpochs }, options.DirectRows, DirectRecipe.DefaultHeads, twoCores);
        return (stepped.WithDirect(direct), outcome);
    }

    static Func<int, Rng, SampleSet> Sampler(IChain chain, TaskBounds task, ILayout layout, MinMaxScaler scaler,
        SecondCore? core)
    {
        if (chain is SpatialChain arm)
            return (count, rng) => JointSpaceSamples.Draw(arm, (SpatialLayout)layout, count, rng, scaler, core);
        var planar = (PlanarChain)chain;
        if (!IsTwoLinkPosition(planar, task))
            return (count, rng) => JointSpaceSamples.Draw(planar, (ChainLayout)layout, count, rng, scaler);
        var limits = new JointLimits(planar.Limits[0], planar.Limits[1]);
        return (count, rng) => ClosedFormSamples.Draw(planar.Base, limits, count, rng, scaler);
    }

    static bool IsTwoLinkPosition(PlanarChain chain, TaskBounds kind) =>
        chain.Joints == 2 && kind == TaskBounds.PlanarPosition;
}
