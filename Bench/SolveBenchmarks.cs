using BenchmarkDotNet.Attributes;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Training;

namespace NeuralIk.Bench;

/// <summary>
/// The solver on one core: a batch of 4,096 targets uniform over the workspace (network in batches
/// of 64, then refinement to 1e-9 × reach), and one target at a time. The model is the default
/// preset trained in setup (about 4 s), so the numbers are those of the shipped configuration.
/// </summary>
[MemoryDiagnoser]
public class SolveBenchmarks
{
    public const int BatchTargets = 4096;

    IkSolver _solver = null!;
    Pose2[] _targets = [];
    IkAnswer[] _answers = [];
    int _next;

    [GlobalSetup]
    public void Setup()
    {
        var arm = new PlanarChain(Arm.Default, JointLimits.Full);
        _solver = new IkSolver(SolverRecipe.Train(arm, TaskBounds.PlanarPosition, new SolverOptions()).Model);
        var model = _solver.Model;
        _targets = Evaluation.Uniform(_solver.Planar, model.Task, BatchTargets, 11).Targets;
        _answers = new IkAnswer[BatchTargets];
    }

    [Benchmark(OperationsPerInvoke = BatchTargets)]
    public void BatchPerTarget() => _solver.SolveBranch(_targets, Elbow.Up, _answers);

    [Benchmark]
    public IkAnswer OneTarget()
    {
        return _solver.SolveBranch(_targets[_next++ & (BatchTargets - 1)], Elbow.Up);
    }
}
