using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using NeuralIk.Kernels;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Threading;

public class ParallelDenseTests
{
    [Theory]
    [InlineData(32, 256, 256)]
    [InlineData(32, 256, 128)]
    [InlineData(13, 70, 97)]
    [InlineData(7, 300, 33)]
    public void Two_cores_give_bit_identical_products(int m, int k, int n)
    {
        var rng = new Rng(51);
        var x = RandomData.Uniform(rng, m * k);
        var w = RandomData.Uniform(rng, k * n);
        var bias = RandomData.Uniform(rng, n);
        var dy = RandomData.Uniform(rng, m * n);
        var dyT = RandomData.Uniform(rng, n * m);
        using var parallel = new ParallelDense();
        foreach (var kernels in new IDenseKernels[] { DenseBlocked.Instance, parallel })
        {
            var y = new float[m * n];
            kernels.Forward(x, w, bias, m, k, n, Activation.Relu, y);
            // The dX product: dXᵀ[k, m] = W[k, n]·dYᵀ[n, m], a forward product without bias.
            var dx = new float[k * m];
            kernels.Forward(w, dyT, [], k, n, m, Activation.None, dx);
            var dw = new float[k * n];
            var db = new float[n];
            kernels.WeightGradient(x, dy, m, k, n, dw, 0, k);
            kernels.BiasGradient(dy, m, n, db);
            Results.Add((y, dx, dw, db));
        }
        Close.BitExact("forward", Results[0].Y, Results[1].Y);
        Close.BitExact("dX", Results[0].Dx, Results[1].Dx);
        Close.BitExact("dW", Results[0].Dw, Results[1].Dw);
        Close.BitExact("db", Results[0].Db, Results[1].Db);
    }

    List<(float[] Y, float[] Dx, float[] Dw, float[] Db)> Results { get; } = [];

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    public void Training_on_two_cores_gives_the_same_parameters_as_one(Activation hidden)
    {
        var rng = new Rng(52);
        var data = new SampleSet(RandomData.Uniform(rng, 2 * 300), RandomData.Uniform(rng, 2 * 300, -3, 3), 2, 2);
        // 8 epochs of 10 steps: a trial's 32 steps on two cores and 32 on one, then 16 on the faster (CoreChoice).
        var options = new TrainingOptions { Epochs = 8, Seed = 3 };
        var one = new Trainer(new Mlp([2, 64, 64, 2], DenseBlocked.Instance, hidden), options);
        one.Fit(data, data);
        using var parallel = new ParallelDense();
        var two = new Trainer(new Mlp([2, 64, 64, 2], parallel, hidden), options, parallel.Core);
        two.Fit(data, data);
        Assert.True(two.TwoCoreShare > 0, "some steps ran on two cores");
        Close.BitExact("parameters after 8 epochs", one.Network.Parameters, two.Network.Parameters);
        Assert.InRange(two.TwoCoreShare, 0.4, 0.6);
        Assert.True(double.IsNaN(one.TwoCoreShare));
    }

    [Fact]
    public void A_shape_error_is_reported_as_on_one_core()
    {
        using var parallel = new ParallelDense();
        var e = Assert.Throws<ArgumentException>(() => parallel.Forward(new float[32 * 256], new float[256 * 256], [],
            32, 256, 256, Activation.None, new float[10]));
        Assert.StartsWith("y has 10 elements, needs 32×256", e.Message, StringComparison.Ordinal);
    }

    sealed class CountingJob(int chunks) : IChunkedJob
    {
        public int[] Runs { get; } = new int[chunks];
        public int Chunks => chunks;
        public void RunChunk(int chunk) => Interlocked.Increment(ref Runs[chunk]);
    }

    [Fact]
    public void Every_chunk_runs_exactly_once_over_many_jobs()
    {
        using var core = new SecondCore();
        for (var job = 0; job < 20_000; job++)
        {
            var counting = new CountingJob(1 + job % 9);
            core.Run(counting);
            Assert.All(counting.Runs, runs => Assert.Equal(1, runs));
        }
    }

    [Fact]
    public void A_failing_chunk_reaches_the_caller_and_the_core_keeps_working()
    {
        using var core = new SecondCore();
        var failing = new FailingJob();
        var e = Assert.Throws<AggregateException>(() => core.Run(failing));
        Assert.Equal("chunk 3 failed", e.InnerException!.Message);
        var counting = new CountingJob(8);
        core.Run(counting);
        Assert.All(counting.Runs, runs => Assert.Equal(1, runs));
    }

    sealed class FailingJob : IChunkedJob
    {
        public int Chunks => 8;
        public void RunChunk(int chunk)
        {
            if (chunk == 3)
                throw new InvalidOperationException("chunk 3 failed");
        }
    }
}
