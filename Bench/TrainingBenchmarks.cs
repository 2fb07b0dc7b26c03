using BenchmarkDotNet.Attributes;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;

namespace NeuralIk.Bench;

/// <summary>
/// The seed network (2-256-256-128-128-2) at batch 32: one optimizer step (forward, loss, backward with
/// Adam) and one epoch of 6,400 samples, on one and two cores.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks : IDisposable
{
    public static readonly int[] SeedSizes = [2, 256, 256, 128, 128, 2];
    public const int EpochSamples = 6400;

    [Params(1, 2)]
    public int Threads { get; set; }

    ParallelDense? _twoCores;
    Trainer _trainer = null!;
    SampleSet _data = null!;
    int[] _rows = [];

    [GlobalSetup]
    public void Setup()
    {
        _twoCores = Threads == 2 ? new ParallelDense() : null;
        IDenseKernels kernels = _twoCores is null ? DenseBlocked.Instance : _twoCores;
        _trainer = new Trainer(new Mlp(SeedSizes, kernels), new TrainingOptions { Seed = 1 }, _twoCores?.Core);
        var rng = new Rng(2);
        var x = new float[EpochSamples * 2];
        var y = new float[EpochSamples * 2];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.Uniform(-1, 1);
            y[i] = (float)rng.Uniform(-Math.PI, Math.PI);
        }
        _data = new SampleSet(x, y, 2, 2);
        _rows = [.. Enumerable.Range(0, 32)];
    }

    [Benchmark]
    public double Step() => _trainer.Step(_data, _rows);

    [Benchmark]
    public double Epoch() => _trainer.TrainEpoch(_data);

    public void Dispose()
    {
        _twoCores?.Dispose();
        GC.SuppressFinalize(this);
    }
}
