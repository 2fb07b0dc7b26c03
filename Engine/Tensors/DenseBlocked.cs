namespace NeuralIk.Engine.Tensors;

/// <summary>
/// Register-blocked kernels (see <see cref="BlockedMatMul{TV}"/>) at one vector width: by default the
/// widest accelerated one (Vector512 with AVX-512, else Vector256; without either, the same blocking in
/// scalar FMAs). The narrower widths stay constructible so tests run every path on the machine at hand.
/// Operands may be windows of larger matrices (a band of a layer's columns): the kernel is strided anyway.
/// </summary>
public sealed class DenseBlocked : IDenseKernels
{
    public static readonly DenseBlocked Instance = new(Widest);

    readonly SimdWidth _width;

    public DenseBlocked(SimdWidth width)
    {
        if (!IsAccelerated(width))
            throw new PlatformNotSupportedException($"{width} is not accelerated on this machine");
        _width = width;
    }

    /// <summary>The widest vector this machine accelerates.</summary>
    public static SimdWidth Widest =>
        Simd512.IsAccelerated ? SimdWidth.Vector512 : Simd256.IsAccelerated ? SimdWidth.Vector256 : SimdWidth.Scalar;

    public static bool IsAccelerated(SimdWidth width) => width switch
    {
        SimdWidth.Vector512 => Simd512.IsAccelerated,
        SimdWidth.Vector256 => Simd256.IsAccelerated,
        _ => true,
    };

    public void Forward(ReadOnlySpan<float> x, int ldx, ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> bias,
        int m, int k, int n, Activation activation, Span<float> y, int ldy)
    {
        Shapes.CheckForward(x.Length, ldx, w.Length, ldw, bias.Length, m, k, n, y.Length, ldy);
        var e = new Epilogue { Bias = bias, Relu = activation == Activation.Relu };
        Run(x, ldx, 1, w, ldw, m, k, y, ldy, 0, n, e);
        if (activation == Activation.Tanh)
            TanhRows.Apply(y, m, n, ldy);
    }

    /// <summary>
    /// y[n] = act(x[k] · w[k, n] + bias[n]) for one row (w's rows ldw apart): inference of one target, by
    /// <see cref="RowKernel{TV}"/> (not for training: its sums run in another order than <see cref="Forward"/>'s).
    /// </summary>
    public void Row(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> bias, int k, int n,
        Activation activation, Span<float> y)
    {
        Shapes.CheckForward(x.Length, k, w.Length, ldw, bias.Length, 1, k, n, y.Length, n);
        var relu = activation == Activation.Relu;
        switch (_width)
        {
            case SimdWidth.Vector512:
                RowKernel<Simd512>.Run(x, w, ldw, k, n, bias, relu, y);
                break;
            case SimdWidth.Vector256:
                RowKernel<Simd256>.Run(x, w, ldw, k, n, bias, relu, y);
                break;
            default:
                ScalarMatMul.Run(x, k, 1, w, ldw, 1, k, y, n, 0, n, new Epilogue { Bias = bias, Relu = relu });
                break;
        }
        if (activation == Activation.Tanh)
            TanhRows.Apply(y[..n]);
    }

    public void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int lddy,
        int m, int k, int n, Span<float> dw, int i0, int i1)
    {
        Shapes.CheckWeightGradient(x.Length, dy.Length, lddy, m, k, n, dw.Length, i0, i1);
        if (i0 == i1)
            return;
        // dW[i, n] += Xᵀ·dY: A(i, p) = X[p, i], so A steps by k along the reduction and by 1 across rows.
        var e = new Epilogue { Accumulate = true };
        Run(x[i0..], 1, k, dy, lddy, i1 - i0, m, dw, n, 0, n, e);
    }

    public void BiasGradient(ReadOnlySpan<float> dy, int lddy, int m, int n, Span<float> db)
    {
        Shapes.CheckBiasGradient(dy.Length, lddy, m, n, db.Length);
        // db[1, n] += 1ᵀ·dY with the product kernel: a row of ones as A.
        Span<float> ones = stackalloc float[1];
        ones[0] = 1f;
        Run(ones, 0, 0, dy, lddy, 1, m, db, n, 0, n, new Epilogue { Accumulate = true });
    }

    void Run(ReadOnlySpan<float> a, int aRow, int aStep, ReadOnlySpan<float> b, int ldb,
        int rows, int depth, Span<float> c, int ldc, int j0, int j1, in Epilogue e)
    {
        switch (_width)
        {
            case SimdWidth.Vector512:
                BlockedMatMul<Simd512>.Run(a, aRow, aStep, b, ldb, rows, depth, c, ldc, j0, j1, e);
                break;
            case SimdWidth.Vector256:
                BlockedMatMul<Simd256>.Run(a, aRow, aStep, b, ldb, rows, depth, c, ldc, j0, j1, e);
                break;
            default:
                ScalarMatMul.Run(a, aRow, aStep, b, ldb, rows, depth, c, ldc, j0, j1, e);
                break;
        }
    }
}

/// <summary>The vector width a kernel runs at.</summary>
public enum SimdWidth { Scalar, Vector256, Vector512 }
