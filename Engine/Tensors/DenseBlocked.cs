namespace NeuralIk.Engine.Tensors;

/// <summary>
/// Register-blocked kernels (see <see cref="BlockedMatMul{TV}"/>) at the widest accelerated vector
/// width: Vector512 with AVX-512, else Vector256; without either, the same blocking in scalar FMAs.
/// Forward and BackwardData can be restricted to a range of output columns, the weight gradient to a
/// range of its rows: that is how two threads share one product.
/// </summary>
public sealed class DenseBlocked : IDenseKernels
{
    public static readonly DenseBlocked Instance = new();

    public string Name => "blocked";

    /// <summary>Output columns per block; column splits between threads are multiples of it.</summary>
    public static int BlockWidth => Simd512.IsAccelerated ? 2 * Simd512.Count : 2 * Simd256.Count;

    public void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias,
        int m, int k, int n, bool relu, Span<float> y) => Forward(x, w, bias, m, k, n, relu, y, 0, n);

    public void BackwardData(ReadOnlySpan<float> dy, ReadOnlySpan<float> wt, ReadOnlySpan<float> mask,
        int m, int k, int n, Span<float> dx) => BackwardData(dy, wt, mask, m, k, n, dx, 0, n);


    /// <summary><see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, int, bool, Span{float})"/> for columns [j0, j1) only.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias,
        int m, int k, int n, bool relu, Span<float> y, int j0, int j1)
    {
        Shapes.CheckForward(x.Length, w.Length, bias.Length, m, k, n, y.Length);
        CheckRange(j0, j1, n);
        var e = new Epilogue { Bias = bias, Relu = relu };
        Run(x, k, 1, w, n, m, k, y, n, j0, j1, e);
    }

    /// <summary>BackwardData for columns [j0, j1) only.</summary>
    public static void BackwardData(ReadOnlySpan<float> dy, ReadOnlySpan<float> wt, ReadOnlySpan<float> mask,
        int m, int k, int n, Span<float> dx, int j0, int j1)
    {
        Shapes.CheckBackwardData(dy.Length, wt.Length, mask.Length, m, k, n, dx.Length);
        CheckRange(j0, j1, n);
        var e = new Epilogue { Mask = mask };
        Run(dy, k, 1, wt, n, m, k, dx, n, j0, j1, e);
    }

    public void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        int m, int k, int n, Span<float> dw, int i0, int i1)
    {
        Shapes.CheckWeightGradient(x.Length, dy.Length, m, k, n, dw.Length, i0, i1);
        if (i0 == i1)
            return;
        // dW[i, n] += Xᵀ·dY: A(i, p) = X[p, i], so A steps by k along the reduction and by 1 across rows.
        var e = new Epilogue { Accumulate = true };
        Run(x[i0..], 1, k, dy, n, i1 - i0, m, dw, n, 0, n, e);
    }

    public void BiasGradient(ReadOnlySpan<float> dy, int m, int n, Span<float> db)
    {
        Shapes.CheckBiasGradient(dy.Length, m, n, db.Length);
        // db[1, n] += 1ᵀ·dY with the product kernel: a row of ones as A.
        Span<float> ones = stackalloc float[1];
        ones[0] = 1f;
        Run(ones, 0, 0, dy, n, 1, m, db, n, 0, n, new Epilogue { Accumulate = true });
    }

    static void Run(ReadOnlySpan<float> a, int aRow, int aStep, ReadOnlySpan<float> b, int ldb,
        int rows, int depth, Span<float> c, int ldc, int j0, int j1, in Epilogue e)
    {
        if (Simd512.IsAccelerated)
            BlockedMatMul<Simd512>.Run(a, aRow, aStep, b, ldb, rows, depth, c, ldc, j0, j1, e);
        else if (Simd256.IsAccelerated)
            BlockedMatMul<Simd256>.Run(a, aRow, aStep, b, ldb, rows, depth, c, ldc, j0, j1, e);
        else
            ScalarMatMul.Run(a, aRow, aStep, b, ldb, rows, depth, c, ldc, j0, j1, e);
    }

    static void CheckRange(int j0, int j1, int n)
    {
        if (j0 < 0 || j1 > n || j0 > j1)
            throw new ArgumentOutOfRangeException(nameof(j0), $"column range [{j0}, {j1}) is outside [0, {n})");
    }
}
