using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Training;

/// <summary>
/// A run interrupted at an epoch boundary and resumed from its captured state ends exactly where an uninterrupted run
/// does.
/// </summary>
public class ResumeTests
{
    static readonly SolverOptions Options = new() { Hidden = [16, 16], Epochs = 6, SamplesPerEpoch = 1024, Seed = 12 };

    static Func<EpochReport, bool> InterruptAfter(int epoch) => r => r.Epoch != epoch;

    [Fact]
    public void An_interrupted_solver_run_resumed_gives_the_same_model_file()
    {
        var arm = Arm.Default;
        var whole = SolverRecipe.Train(new PlanarChain(arm, JointLimits.Full), TaskBounds.PlanarPosition,
            Options).Model.Serialize();
        var stopped = SolverRecipe.Train(new PlanarChain(arm, JointLimits.Full), TaskBounds.PlanarPosition,
            Options, onEpoch: InterruptAfter(3))
            .Outcome.StoppedAt!;
        Assert.Equal(3, stopped.EpochsDone);
        var resumed = SolverRecipe.Train(new PlanarChain(arm, JointLimits.Full), TaskBounds.PlanarPosition,
            Options, resume: stopped);
        Assert.Equal(whole, resumed.Model.Serialize());
        Assert.Equal([4, 5, 6], resumed.Outcome.History.Select(h => h.Epoch));
        Assert.Null(resumed.Outcome.StoppedAt);
    }

    [Fact]
    public void An_interrupted_chain_run_resumed_gives_the_same_model_file()
    {
        var chain = new PlanarChain([1.0, 0.8, 0.6, 0.4]);
        var whole = SolverRecipe.Train(chain, TaskBounds.PlanarPosition, Options).Model
            .Serialize();
        var stopped = SolverRecipe.Train(chain, TaskBounds.PlanarPosition, Options, onEpoch: InterruptAfter(2))
            .Outcome.StoppedAt!;
        var resumed = SolverRecipe.Train(chain, TaskBounds.PlanarPosition, Options, resume: stopped);
        Assert.Equal(whole, resumed.Model.Serialize());
    }

    [Fact]
    public void An_interrupted_spatial_run_resumed_gives_the_same_model_file()
    {
        var chain = TestRobots.Named("ur5-dh");
        var whole = SolverRecipe.Train(chain, TaskBounds.Pose, Options).Model
            .Serialize();
        var stopped = SolverRecipe.Train(chain, TaskBounds.Pose, Options, onEpoch: InterruptAfter(2))
            .Outcome.StoppedAt!;
        var resumed = SolverRecipe.Train(chain, TaskBounds.Pose, Options, resume: stopped);
        Assert.Equal(whole, resumed.Model.Serialize());
    }

    [Fact]
    public void An_interrupted_seed_style_run_resumed_gives_the_same_parameters()
    {
        var rng = new Rng(13);
        var data = new SampleSet(RandomData.Uniform(rng, 2 * 300), RandomData.Uniform(rng, 2 * 300, -3, 3), 2, 2);
        var options = new TrainingOptions { Epochs = 5, Seed = 14 };
        var whole = new Trainer(new Mlp([2, 24, 24, 2]), options);
        whole.Fit(data, data);
        var first = new Trainer(new Mlp([2, 24, 24, 2]), options);
        var stopped = first.Fit(data, data, InterruptAfter(2)).StoppedAt!;
        Assert.Null(stopped.Samples);
        var second = new Trainer(new Mlp([2, 24, 24, 2]), options);
        second.Fit(data, data, resume: stopped);
        Close.BitExact("parameters", whole.Network.Parameters, second.Network.Parameters);
    }
}

public sealed class CheckpointFileTests : TempFolder
{
    [Fact]
    public void A_checkpoint_written_and_read_back_resumes_to_the_same_model_file()
    {
        var options = new SolverOptions { Hidden = [16, 16], Epochs = 5, SamplesPerEpoch = 1024, Seed = 15 };
        var whole = SolverRecipe.Train(new PlanarChain(Arm.Default, JointLimits.Full), TaskBounds.PlanarPosition,
            options).Model.Serialize();
        var history = new List<EpochReport>();
        var stopped = SolverRecipe.Train(new PlanarChain(Arm.Default, JointLimits.Full), TaskBounds.PlanarPosition,
            options, onEpoch: r =>
        {
            history.Add(r);
            return r.Epoch != 2;
        }).Outcome.StoppedAt!;
        var path = In(Checkpoint.FileName);
        new Checkpoint(stopped, history, new Dictionary<string, string> { ["preset"] = "solver" }).Save(path);
        var loaded = Checkpoint.Load(path);
        Assert.Equal(history, loaded.History);
        Assert.Equal("solver", loaded.Settings["preset"]);
        var resumed = SolverRecipe.Train(new PlanarChain(Arm.Default, JointLimits.Full), TaskBounds.PlanarPosition,
            options, resume: loaded.Resume);
        Assert.Equal(whole, resumed.Model.Serialize());
    }

    [Fact]
    public void A_damaged_checkpoint_is_rejected_with_the_file_named()
    {
        var state = new TrainerState([1f, 2f], [0f, 0f], [0f, 0f], 3, [1, 2, 3, 4], [1, 0]);
        var path = In(Checkpoint.FileName);
        new Checkpoint(new ResumePoint(1, state, null), [], new Dictionary<string, string>()).Save(path);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<ModelFormatException>(() => Checkpoint.Load(path));
        Assert.Contains(path + ": checksum", error.Message, StringComparison.Ordinal);
    }
}
