using NeuralIk.Kernels;
using System.Runtime.Intrinsics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
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
    /// <summary>
    /// Every implementation, and every vector width of the blocked one that this machine accelerates, named
    /// explicitly (the scalar blocking always; Vector256 and Vector512 where the CPU has them), so a path the
    /// default dispatch would skip is still tested. `.ci/run` repeats the suite with AVX-512 and AVX2 off.
    /// </summary>
    public static TheoryData<string> Kernels
    {
        get
        {
            var names = new TheoryData<string> { "reference", "tensor-primitives" };
            foreach (var width in Enum.GetValues<SimdWidth>().Where(DenseBlocked.IsAccelerated))
                names.Add($"blocked-{width}");
            return names;
        }
    }

    internal static IDenseKernels Kernel(string name) => name switch
    {
        "reference" => DenseReference.Instance,
        "tensor-primitives" => DenseTensorPrimitives.Instance,
        "blocked-2-cores" => new ParallelDense(),
        _ => new DenseBlocked(Enum.Parse<SimdWidth>(name["blocked-".Length..])),
    };

    [Fact]
    public void The_default_blocked_kernel_runs_at_the_widest_accelerated_width()
    {
        var expected = Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
            : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256 : SimdWidth.Scalar;
        Assert.Equal(expected, DenseBlocked.Widest);
    }

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
            foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Tanh })
            {
                var y = new float[m * n];
                Kernel(kernel).Forward(x, w, bias, m, k, n, activation, y);
                var (expected, tolerance) = Oracle(m, k, n, (i, p) => x[i * k + p], (p, j) => w[p * n + j],
                    j => bias[j]);
                if (activation == Activation.Relu)
                    expected = [.. expected.Select(v => Math.Max(v, 0))];
                // tanh's slope is at most 1, so the sum's tolerance carries over; its own error is near 1e-7
                if (activation == Activation.Tanh)
                    (expected, tolerance) = ([.. expected.Select(Math.Tanh)], [.. tolerance.Select(t => t + 3e-7)]);
                Close.All($"{kernel} forward {m}x{k}x{n} {activation}", expected, y, tolerance);
            }
        }
    }

    public static TheoryData<string> Widths => [.. Enum.GetValues<SimdWidth>().Where(DenseBlocked.IsAccelerated)
        .Select(w => w.ToString())];

    [Theory]
    [MemberData(nameof(Widths))]
    public void One_row_matches_double_oracle_and_the_batch_kernel(string width)
    {
        var kernel = new DenseBlocked(Enum.Parse<SimdWidth>(width));
        var rng = new Rng(12);
        foreach (var k in Depths.Append(23).Append(256))
        {
            foreach (var n in Cols.Append(14).Append(256))
            {
                // W a window of a wider block (ldw > n), as a band of a layer is
                var ldw = n + 3;
                var (x, w) = (RandomData.Uniform(rng, k), RandomData.Uniform(rng, k * ldw));
                var bias = RandomData.Uniform(rng, n);
                foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Tanh })
                {
                    var y = new float[n];
                    kernel.Row(x, w, ldw, bias, k, n, activation, y);
                    var (expected, tolerance) = Oracle(1, k, n, (_, p) => x[p], (p, j) => w[p * ldw + j], j => bias[j]);
                    expected = activation switch
                    {
                        Activation.Relu => [.. expected.Select(v => Math.Max(v, 0))],
                        Activation.Tanh => [.. expected.Select(Math.Tanh)],
                        _ => expected,
                    };
                    Close.All($"{width} row {k}x{n} {activation}", expected, y,
                        [.. tolerance.Select(t => t + (activation == Activation.Tanh ? 3e-7 : 0))]);
                    // the same bits as the row in a batch: a target solved alone or with others gets one answer
                    var batch = new float[n];
                    kernel.Forward(x, k, w, ldw, bias, 1, k, n, activation, batch, n);
                    Close.BitExact($"{width} row {k}x{n} {activation} against the batch kernel", batch, y);
                }
            }
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
            var (expectedW, toleranceW) = Oracle(k, m, n, (i, p) => x[p * k + i], (p, j) => dy[p * n + j], _ => 0,
                (i, j) => dw0[i * n + j]);
            var (expectedB, toleranceB) = Oracle(1, m, n, (_, _) => 1f, (p, j) => dy[p * n + j], j => db0[j]);
            Close.All($"{kernel} dW {m}x{k}x{n}", expectedW, dw, toleranceW);
            Close.All($"{kernel} db {m}x{k}x{n}", expectedB, db, toleranceB);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Weight_gradient_rows_in_pieces_equal_the_whole(string kernel)
    {
        var rng = new Rng(14);
        const int m = 13, k = 29, n = 70;
        var x = RandomData.Uniform(rng, m * k);
        var dy = RandomData.Uniform(rng, m * n);
        var whole = new float[k * n];
        Kernel(kernel).WeightGradient(x, dy, m, k, n, whole, 0, k);
        var pieces = new float[k * n];
        foreach (var (i0, i1) in new[] { (0, 7), (7, 8), (8, 8), (8, k) })
            Kernel(kernel).WeightGradient(x, dy, m, k, n, pieces.AsSpan(i0 * n, (i1 - i0) * n), i0, i1);
        Close.BitExact("rows [0,7) [7,8) [8,8) [8,29) vs all at once", whole, pieces);
    }

    [Fact]
    public void Shape_mismatch_is_reported_not_read_out_of_bounds()
    {
        var ex = Assert.Throws<ArgumentException>(() => DenseBlocked.Instance.Forward(new float[5], new float[6], [],
            2, 3, 2, Activation.None, new float[4]));
        Assert.Contains("x has 5 elements, needs 2×3", ex.Message, StringComparison.Ordinal);
    }

    // C[i, j] = init(j) + acc(i, j) + Σ_p A(i, p)·B(p, j) in double, with a rounding bound per element.
    static (double[] Value, double[] Tolerance) Oracle(int m, int k, int n, Func<int, int, float> a, Func<int, int,
        float> b,
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
