using BenchmarkDotNet.Attributes;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;

namespace NeuralIk.Bench;

/// <summary>
/// One seed step (2-256-256-128-128-2, batch 32) phase by phase, on one and two cores, so a slow phase
/// names itself: forward (layer by layer, each core its band of columns), the loss, and backward (per layer,
/// each core its band: dZ rows, its share of dX, dW and Adam). HandOff is an empty job posted to the second
/// core: the fixed cost each of the step's jobs pays.
/// </summary>
public class StepPhaseBenchmarks : IDisposable
{
    [Params(1, 2)]
    public int Threads { get; set; }

    ParallelDense? _twoCores;
    TrainingStep _step = null!;
    float[] _x = [];
    float[] _y = [];
    readonly EmptyJob _empty = new();

    sealed class EmptyJob : IChunkedJob
    {
        public int Chunks => 2;

        public void RunChunk(int chunk)
        {
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _twoCores = Threads == 2 ? new ParallelDense() : null;
        IDenseKernels kernels = _twoCores is null ? DenseBlocked.Instance : _twoCores;
        var trainer = new Trainer(new Mlp(TrainingBenchmarks.SeedSizes, kernels), new TrainingOptions { Seed = 1 },
            _twoCores?.Core);
        var rng = new Rng(2);
        _x = [.. Enumerable.Range(0, 64).Select(_ => (float)rng.Uniform(-1, 1))];
        _y = [.. Enumerable.Range(0, 64).Select(_ => (float)rng.Uniform(-Math.PI, Math.PI))];
        var data = new SampleSet(_x, _y, 2, 2);
        trainer.Step(data, [.. Enumerable.Range(0, 32)]);
        _step = trainer.Steps;
        _step.Prepare(_x, 32);
    }

    [Benchmark]
    public void Forward() => _step.RunForward();

    [Benchmark]
    public double Loss() => _step.Loss(_y);

    [Benchmark]
    public void Backward() => _step.RunBackward();

    [Benchmark]
    public void HandOff()
    {
        if (_twoCores is not null)
            _twoCores.Core.Run(_empty);
    }

    public void Dispose()
    {
        _twoCores?.Dispose();
        GC.SuppressFinalize(this);
    }
}
