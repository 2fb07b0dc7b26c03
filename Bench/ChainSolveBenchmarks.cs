using BenchmarkDotNet.Attributes;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Training;

namespace NeuralIk.Bench;

/// <summary>
/// The chain solver on one core, per target: 256 joint-space targets (reachable within the limits),
/// each solved for 4 distinct answers (a 3-link pose: its 2 branches), refined to 1e-9 × reach. The
/// chains are those of the README table; each model is trained in setup with the shipped defaults
/// (128-128, 300 epochs, 10–30 s), so the numbers are those of `neural-ik train --links …`.
/// </summary>
[MemoryDiagnoser]
public class ChainSolveBenchmarks
{
    public const int Targets = 256;

    [Params("2", "3-pose", "3-pose-limits", "3", "3-limits", "4", "4-limits", "6")]
    public string Chain { get; set; } = "3";

    IkSolver _solver = null!;
    Pose2[] _targets = [];

    /// <summary>The benchmarked chains by name: links, limits, what a target constrains.</summary>
    public static (PlanarChain Chain, TaskBounds Kind) Named(string name) => name switch
    {
        "2" => (new PlanarChain([1.0, 1.0]), TaskBounds.PlanarPosition),
        "3-pose" => (new PlanarChain([1.0, 0.8, 0.5]), TaskBounds.PlanarPose),
        "3-pose-limits" => (new PlanarChain([1.0, 0.8, 0.5], JointRange.ParseList("-3,3;-2.5,2.5;-2,2")),
            TaskBounds.PlanarPose),
        "3" => (new PlanarChain([1.0, 0.8, 0.5]), TaskBounds.PlanarPosition),
        "3-limits" => (new PlanarChain([1.0, 0.8, 0.5], JointRange.ParseList("-3,3;-2.5,2.5;-2,2")),
            TaskBounds.PlanarPosition),
        "4" => (new PlanarChain([1.0, 0.8, 0.6, 0.4]), TaskBounds.PlanarPosition),
        "4-limits" => (new PlanarChain([1.0, 0.8, 0.6, 0.4], JointRange.ParseList("-3,3;-2.5,2.5;-2,2;-2,2")),
            TaskBounds.PlanarPosition),
        "6" => (new PlanarChain([1.0, 0.9, 0.8, 0.7, 0.6, 0.5]), TaskBounds.PlanarPosition),
        _ => throw new ArgumentException($"no benchmark chain '{name}'"),
    };

    [GlobalSetup]
    public void Setup()
    {
        var (chain, kind) = Named(Chain);
        _solver = new IkSolver(SolverRecipe.Train(chain, kind, SolverRecipe.Defaults(chain, kind)).Model);
        _targets = Evaluation.JointSpace(chain, Targets, 13).Targets;
    }

    [Benchmark(OperationsPerInvoke = Targets)]
    public int PerTarget()
    {
        var answers = 0;
        foreach (var target in _targets)
            answers += _solver.Solve(target).Answers.Count;
        return answers;
    }
}
