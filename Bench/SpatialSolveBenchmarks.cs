using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;

namespace NeuralIk.Bench;

/// <summary>
/// The spatial solver on one core, per target: 256 full poses of the UR5 (DH) and the Panda that the arm reaches
/// (FK of joint vectors within the limits), one answer each within 1e-6 m and 1e-6 rad, the default search, with the
/// network's guess and without it (the same search refining from the references themselves): the ablation `eval
/// --guess network|none` prints, under BenchmarkDotNet. The models are `train --urdf …`'s defaults (minutes on two
/// cores), trained on first use and kept in $TMPDIR/neuralik-bench/ (named by the robot and the defaults) for the
/// other cases and later runs.
/// </summary>
[MemoryDiagnoser]
public class SpatialSolveBenchmarks
{
    const int Targets = 256;

    [Params("ur5-dh", "panda")]
    public string Robot { get; set; } = "panda";

    [Params("network", "none")]
    public string Guess { get; set; } = "network";

    IkSolver _solver = null!;
    Frame[] _targets = [];
    SolveOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        var chain = Robot switch
        {
            "ur5-dh" => Urdf.Load(Path.Combine(Repository.Root, "data", "robots", "ur5-dh.urdf")),
            "panda" => Urdf.Load(Path.Combine(Repository.Root, "data", "robots", "panda", "panda_arm_hand.urdf"), null,
                "panda_hand"),
            _ => throw new ArgumentException($"no benchmark robot '{Robot}'"),
        };
        _solver = new IkSolver(Model(chain));
        _targets = Evaluation.JointSpace(chain, Targets, 13).Targets;
        _options = new SolveOptions { Answers = 1, Stop = _solver.ReferenceStop, Network = Guess == "network" };
    }

    [Benchmark(OperationsPerInvoke = Targets)]
    public int PerTarget()
    {
        var answers = 0;
        foreach (var target in _targets)
            answers += _solver.Solve(target, _options).Answers.Count;
        return answers;
    }

    // Named by the defaults too (options, the step's and the direct guess's sizes): a cache from before a change to
    // them is not measured as if it were today's model.
    IkModel Model(SpatialChain chain)
    {
        var defaults = SolverRecipe.Defaults(chain, TaskBounds.Pose);
        var recipe = JsonSerializer.Serialize(new
        {
            defaults, step = StepRecipe.Hidden, direct = DirectRecipe.Hidden, heads = DirectRecipe.DefaultHeads,
        });
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..8];
        var path = Path.Combine(Path.GetTempPath(), "neuralik-bench", $"{Robot}-{tag}.safetensors");
        if (File.Exists(path))
            return IkModel.Load(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var twoCores = new ParallelDense();
        var model = SolverRecipe.Train(chain, TaskBounds.Pose, defaults, twoCores).Model;
        model.Save(path);
        return model;
    }
}
