using BenchmarkDotNet.Attributes;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
using NeuralIk.Kernels;

namespace NeuralIk.Bench;

/// <summary>
/// The three products of a dense layer at the seed network's shapes (batch 32 and 256) plus an odd
/// shape that exercises every remainder path; the scalar reference is the baseline.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks : IDisposable
{
    public enum Product { Forward, BackwardData, BackwardWeights }

    public static IEnumerable<GemmShape> Shapes =>
    [
        new(32, 256, 256), new(32, 256, 128), new(32, 128, 128),
        new(256, 256, 256), new(31, 77, 53),
    ];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = new(32, 256, 256);

    [Params(Product.Forward, Product.BackwardData, Product.BackwardWeights)]
    public Product Kind { get; set; }

    float[] _a = [], _b = [], _bias = [], _c = [], _db = [];
    readonly ParallelDense _twoCores = new();

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        var (m, k, n) = (Shape.M, Shape.K, Shape.N);
        // Forward: X[m,k]·W[k,n]; BackwardData: dXᵀ[k,m] = W[k,n]·dYᵀ[n,m] (a forward product without bias);
        // BackwardWeights: dW[k,n] += X[m,k]ᵀ·dY[m,n].
        var (a, b, c) = Kind switch
        {
            Product.Forward => (m * k, k * n, m * n),
            Product.BackwardData => (k * n, n * m, k * m),
            _ => (m * k, m * n, k * n),
        };
        (_a, _b, _bias, _c) = (Uniform(rng, a), Uniform(rng, b), Uniform(rng, n), new float[c]);
        _db = new float[n];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Run(DenseReference.Instance);

    [Benchmark]
    public void TensorPrimitives() => Run(DenseTensorPrimitives.Instance);

    [Benchmark]
    public void Blocked() => Run(DenseBlocked.Instance);

    [Benchmark]
    public void BlockedTwoCores() => Run(_twoCores);

    void Run(IDenseKernels kernels)
    {
        var (m, k, n) = (Shape.M, Shape.K, Shape.N);
        switch (Kind)
        {
            case Product.Forward:
                kernels.Forward(_a, _b, _bias, m, k, n, Activation.Relu, _c);
                break;
            case Product.BackwardData:
                kernels.Forward(_a, _b, [], k, n, m, Activation.None, _c);
                break;
            default:
                kernels.WeightGradient(_a, _b, m, k, n, _c, 0, k);
                kernels.BiasGradient(_b, m, n, _db);
                break;
        }
    }

    static float[] Uniform(Rng rng, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
            values[i] = (float)rng.Uniform(-1, 1);
        return values;
    }

    public void Dispose()
    {
        _twoCores.Dispose();
        GC.SuppressFinalize(this);
    }
}
