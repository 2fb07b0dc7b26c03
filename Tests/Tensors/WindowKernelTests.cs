using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Kernels;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Tensors;

/// <summary>
/// The strided products (operands that are windows of larger matrices, as a core's band of a layer) against
/// the same kernel on contiguous copies of those windows: the same sums in the same order, so the same bits,
/// and nothing outside the output window written. The contiguous products are checked against a double
/// oracle in <see cref="DenseKernelTests"/>.
/// </summary>
public class WindowKernelTests
{
    public static TheoryData<string> Kernels
    {
        get
        {
            var names = DenseKernelTests.Kernels;
            names.Add("blocked-2-cores");
            return names;
        }
    }

    // (m, k, n) of the window, and how far its rows are apart in X, W and Y.
    static readonly (int M, int K, int N, int Ldx, int Ldw, int Ldy)[] Windows =
    [
        (32, 256, 128, 256, 256, 256), (32, 2, 128, 2, 256, 256), (256, 128, 32, 256, 32, 32),
        (13, 29, 70, 40, 97, 71), (7, 5, 3, 9, 8, 4), (1, 1, 1, 3, 2, 5),
    ];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Forward_on_windows_equals_forward_on_their_copies(string name)
    {
        var kernel = DenseKernelTests.Kernel(name);
        var rng = new Rng(61);
        foreach (var (m, k, n, ldx, ldw, ldy) in Windows)
        {
            var (x, w, bias) = (Big(rng, m, ldx), Big(rng, k, ldw), RandomData.Uniform(rng, n));
            var y = Big(rng, m, ldy);
            var untouched = y.ToArray();
            kernel.Forward(x.AsSpan(1), ldx, w.AsSpan(1), ldw, bias, m, k, n, Activation.Relu, y.AsSpan(1), ldy);
            var expected = new float[m * n];
            kernel.Forward(Copy(x, m, k, ldx), Copy(w, k, n, ldw), bias, m, k, n, Activation.Relu, expected);
            var label = $"{name} {m}x{k}x{n} rows {ldx}/{ldw}/{ldy} apart";
            Close.BitExact(label, expected, Copy(y, m, n, ldy));
            AssertOutsideUnchanged(label, untouched, y, m, n, ldy);
        }
        (kernel as IDisposable)?.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Gradients_from_a_window_of_dY_equal_those_from_its_copy(string name)
    {
        var kernel = DenseKernelTests.Kernel(name);
        var rng = new Rng(62);
        foreach (var (m, k, n, _, _, lddy) in Windows)
        {
            var x = RandomData.Uniform(rng, m * k);
            var dy = Big(rng, m, lddy);
            var dyCopy = Copy(dy, m, n, lddy);
            var (dw, db) = (RandomData.Uniform(rng, k * n), RandomData.Uniform(rng, n));
            var (dwExpected, dbExpected) = (dw.ToArray(), db.ToArray());
            kernel.WeightGradient(x, dy.AsSpan(1), lddy, m, k, n, dw, 0, k);
            kernel.BiasGradient(dy.AsSpan(1), lddy, m, n, db);
            kernel.WeightGradient(x, dyCopy, m, k, n, dwExpected, 0, k);
            kernel.BiasGradient(dyCopy, m, n, dbExpected);
            Close.BitExact($"{name} dW {m}x{k}x{n}, dY rows {lddy} apart", dwExpected, dw);
            Close.BitExact($"{name} db {m}x{n}, dY rows {lddy} apart", dbExpected, db);
        }
        (kernel as IDisposable)?.Dispose();
    }

    [Fact]
    public void A_window_too_short_for_its_rows_is_reported()
    {
        var ex = Assert.Throws<ArgumentException>(() => DenseBlocked.Instance.Forward(new float[18], 8, new float[6],
            2, [], 3, 3, 2, Activation.None, new float[6], 2));
        Assert.Contains("x has 18 elements, needs 3×3 with rows 8 apart", ex.Message, StringComparison.Ordinal);
    }

    // A rows × ld matrix and one spare value in front, so a window never starts at element 0.
    static float[] Big(Rng rng, int rows, int ld) => RandomData.Uniform(rng, rows * ld + 1);

    // The rows × cols window at offset 1 whose rows are ld apart, as a contiguous matrix.
    static float[] Copy(float[] big, int rows, int cols, int ld)
    {
        var copy = new float[rows * cols];
        for (var i = 0; i < rows; i++)
            big.AsSpan(1 + i * ld, cols).CopyTo(copy.AsSpan(i * cols));
        return copy;
    }

    static void AssertOutsideUnchanged(string label, float[] before, float[] after, int rows, int cols, int ld)
    {
        for (var e = 0; e < before.Length; e++)
        {
            var inside = e >= 1 && (e - 1) / ld < rows && (e - 1) % ld < cols;
            if (!inside)
                Assert.True(before[e].Equals(after[e]), $"{label}: element {e} outside the window was written");
        }
    }
}
