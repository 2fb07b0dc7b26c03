using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using NeuralIk.Kernels;
using Xunit;

namespace NeuralIk.Tests.Training;

public class TrainerTests
{
    // y = (sin 3x0 + x1, x0·x1): smooth, so a small net can fit a few points exactly.
    internal static SampleSet Toy(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[count * 2];
        var y = new float[count * 2];
        for (var i = 0; i < count; i++)
        {
            x[2 * i] = (float)rng.Uniform(-1, 1);
            x[2 * i + 1] = (float)rng.Uniform(-1, 1);
            y[2 * i] = MathF.Sin(3 * x[2 * i]) + x[2 * i + 1];
            y[2 * i + 1] = x[2 * i] * x[2 * i + 1];
        }
        return new SampleSet(x, y, 2, 2);
    }

    [Fact]
    public void Overfits_a_tiny_set()
    {
        var data = Toy(16, 1);
        var trainer = new Trainer(new Mlp([2, 32, 32, 2]),
            new TrainingOptions { Epochs = 600, BatchSize = 16, LearningRate = 3e-3f, Seed = 5 });
        var before = Trainer.Evaluate(trainer.Network, data);
        var history = trainer.Fit(data, data).History;
        var after = history[^1].ValidationLoss;
        Assert.True(after < 1e-3 && after < before / 100,
            $"loss went from {before:G4} to {after:G4}; expected below 1e-3");
    }

    [Fact]
    public void Reference_kernels_follow_the_same_loss_curve_within_rounding()
    {
        var fast = ShortRun(DenseBlocked.Instance);
        var slow = ShortRun(DenseReference.Instance);
        for (var e = 0; e < fast.Count; e++)
            Assert.Equal(slow[e].TrainLoss, fast[e].TrainLoss, 1e-4 * slow[e].TrainLoss);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_parameters()
    {
        var a = new Trainer(new Mlp([2, 16, 16, 2]), new TrainingOptions { Epochs = 2, Seed = 9 });
        var b = new Trainer(new Mlp([2, 16, 16, 2]), new TrainingOptions { Epochs = 2, Seed = 9 });
        var data = Toy(100, 2);
        a.Fit(data, data);
        b.Fit(data, data);
        Assert.Equal(a.Network.Parameters, b.Network.Parameters);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_training_step_allocates_nothing_once_warm(int threads)
    {
        var data = Toy(64, 6);
        using var twoCores = threads == 2 ? new ParallelDense() : null;
        var trainer = new Trainer(new Mlp([2, 64, 64, 2], twoCores is null ? DenseBlocked.Instance : twoCores),
            new TrainingOptions { Seed = 1 }, twoCores?.Core);
        int[] rows = [.. Enumerable.Range(0, 32)];
        // On two cores a whole period of CoreChoice (a trial of one core against two, then a run) to warm up, and
        // the measured steps through the next trial and its decision.
        var trial = 2 * (CoreChoice.WarmSteps + CoreChoice.TrialSteps);
        for (var i = 0; i < trial + CoreChoice.RunSteps; i++)
            trainer.Step(data, rows);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < trial + 10; i++)
            trainer.Step(data, rows);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    static IReadOnlyList<EpochReport> ShortRun(IDenseKernels kernels)
    {
        var trainer = new Trainer(new Mlp([2, 16, 16, 2], kernels),
            new TrainingOptions { Epochs = 4, BatchSize = 32, Seed = 7 });
        return trainer.Fit(Toy(256, 3), Toy(64, 4)).History;
    }
}
