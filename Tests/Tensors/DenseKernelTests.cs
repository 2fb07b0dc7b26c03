using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Tensors;

/// <summary>
/// Every kernel implementation against a double-precision oracle computed here, over shapes that hit
/// every remainder: rows not a multiple of 6, columns not a multiple of the vector block, depth 1.
/// Tolerance per element: (depth + 2) float ulps of the sum of absolute terms (a rounding bound).
/// </summary>
public class DenseKernelTests
{
    public static TheoryData<string> Kernels => ["reference", "tensor-primitives", "blocked"];

    static IDenseKernels Kernel(string name) => name switch
    {
        "reference" => DenseReference.Instance,
        "tensor-primitives" => DenseTensorPrimitives.Instance,
        _ => DenseBlocked.Instance,
    };

    static readonly int[] Rows = [1, 2, 5, 6, 7, 13, 32];
    static readonly int[] Depths = [1, 2, 3, 17, 64];
    static readonly int[] Cols = [1, 2, 7, 15, 16, 17, 31, 33, 64, 130];

    static IEnumerable<(int M, int K, int N)> Shapes()
    {
        foreach (var m in Rows)
            foreach (var k in Depths)
                foreach (var n in Cols)
                    yield return (m, k, n);
        yield return (32, 2, 256);
        yield return (32, 256, 256);
        yield return (32, 256, 128);
        yield return (32, 128, 128);
        yield return (32, 128, 2);
    }

    const double Ulp = 1.0 / (1 << 24);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Forward_matches_double_oracle(string kernel)
    {
        var rng = new Rng(11);
        foreach (var (m, k, n) in Shapes())
        {
            var x = RandomData.Uniform(rng, m * k);
            var w = RandomData.Uniform(rng, k * n);
            var bias = RandomData.Uniform(rng, n);
            foreach (var relu in new[] { false, true })
            {
                var y = new float[m * n];
                Kernel(kernel).Forward(x, w, bias, m, k, n, relu, y);
                var (expected, tolerance) = Oracle(m, k, n, (i, p) => x[i * k + p], (p, j) => w[p * n + j], j => bias[j]);
                if (relu)
                    expected = [.. expected.Select(v => Math.Max(v, 0))];
                Close.All($"{kernel} forward {m}x{k}x{n} relu={relu}", expected, y, tolerance);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void BackwardData_matches_double_oracle_and_applies_mask(string kernel)
    {
        var rng = new Rng(12);
        foreach (var (m, k, n) in Shapes())
        {
            var dy = RandomData.Uniform(rng, m * k);
            var wt = RandomData.Uniform(rng, k * n);
            var mask = RandomData.Uniform(rng, m * n);
            var dx = new float[m * n];
            Kernel(kernel).BackwardData(dy, wt, mask, m, k, n, dx);
            var (expected, tolerance) = Oracle(m, k, n, (i, p) => dy[i * k + p], (p, j) => wt[p * n + j], _ => 0);
            for (var i = 0; i < expected.Length; i++)
            {
                if (!(mask[i] > 0))
                    expected[i] = 0;
            }
            Close.All($"{kernel} backward-data {m}x{k}x{n}", expected, dx, tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void BackwardWeights_accumulates_into_existing_gradients(string kernel)
    {
        var rng = new Rng(13);
        foreach (var (m, k, n) in Shapes())
        {
            var x = RandomData.Uniform(rng, m * k);
            var dy = RandomData.Uniform(rng, m * n);
            var dw = RandomData.Uniform(rng, k * n);
            var db = RandomData.Uniform(rng, n);
            var dw0 = dw.ToArray();
            var db0 = db.ToArray();
            Kernel(kernel).WeightGradient(x, dy, m, k, n, dw, 0, k);
            Kernel(kernel).BiasGradient(dy, m, n, db);
            var (expectedW, toleranceW) = Oracle(k, m, n, (i, p) => x[p * k + i], (p, j) => dy[p * n + j], _ => 0, (i, j) => dw0[i * n + j]);
            var (expectedB, toleranceB) = Oracle(1, m, n, (_, _) => 1f, (p, j) => dy[p * n + j], j => db0[j]);
            Close.All($"{kernel} dW {m}x{k}x{n}", expectedW, dw, toleranceW);
            Close.All($"{kernel} db {m}x{k}x{n}", expectedB, db, toleranceB);
        }
    }

    [Fact]
    public void Blocked_column_range_writes_only_its_columns()
    {
        var rng = new Rng(14);
        const int m = 13, k = 9, n = 70;
        var x = RandomData.Uniform(rng, m * k);
        var w = RandomData.Uniform(rng, k * n);
        var whole = new float[m * n];
        DenseBlocked.Instance.Forward(x, w, [], m, k, n, false, whole);
        var split = new float[m * n];
        var cut = DenseBlocked.BlockWidth;
        DenseBlocked.Forward(x, w, [], m, k, n, false, split, 0, cut);
        for (var i = 0; i < m; i++)
            Assert.All(split.AsSpan(i * n + cut, n - cut).ToArray(), v => Assert.Equal(0f, v));
        DenseBlocked.Forward(x, w, [], m, k, n, false, split, cut, n);
        Close.BitExact("two column ranges vs whole", whole, split);
    }

    [Fact]
    public void Shape_mismatch_is_reported_not_read_out_of_bounds()
    {
        var ex = Assert.Throws<ArgumentException>(() => DenseBlocked.Instance.Forward(new float[5], new float[6], [], 2, 3, 2, false, new float[4]));
        Assert.Contains("x has 5 elements, needs 2×3", ex.Message, StringComparison.Ordinal);
    }

    // C[i, j] = init(j) + acc(i, j) + Σ_p A(i, p)·B(p, j) in double, with a rounding bound per element.
    static (double[] Value, double[] Tolerance) Oracle(int m, int k, int n, Func<int, int, float> a, Func<int, int, float> b,
        Func<int, double> init, Func<int, int, double>? acc = null)
    {
        var value = new double[m * n];
        var tolerance = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var start = init(j) + (acc?.Invoke(i, j) ?? 0);
                double sum = start, abs = Math.Abs(start);
                for (var p = 0; p < k; p++)
                {
                    var term = (double)a(i, p) * b(p, j);
                    sum += term;
                    abs += Math.Abs(term);
                }
                value[i * n + j] = sum;
                tolerance[i * n + j] = (k + 2) * Ulp * abs + 1e-30;
            }
        }
        return (value, tolerance);
    }
}
