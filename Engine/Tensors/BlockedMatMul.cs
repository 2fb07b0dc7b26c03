using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralIk.Engine.Tensors;

/// <summary>How a block of C starts and ends: its initial value and what is applied before the store.</summary>
internal readonly ref struct Epilogue
{
    /// <summary>Row added to every row of C before the sum (empty: start from zero).</summary>
    public ReadOnlySpan<float> Bias { get; init; }
    /// <summary>Start from C's current content: C += A·B.</summary>
    public bool Accumulate { get; init; }
    public bool Relu { get; init; }
    /// <summary>[rows, ldc] matrix; C is zeroed where mask ≤ 0 (empty: no mask).</summary>
    public ReadOnlySpan<float> Mask { get; init; }
}

/// <summary>
/// Register-blocked product C[rows, cols] (+)= A · B with A addressed through strides, so one
/// micro-kernel serves X·W (A row-major) and Xᵀ·dY (A read transposed). A 6 × 2-vector block of C
/// lives in 12 registers for the whole reduction: per step two loads of B and six broadcasts of A
/// feed twelve FMAs, which fits the 16 ymm registers of AVX2 and leaves AVX-512 room to spare.
/// No packing: at these sizes B (≤ 256 KB) stays in L2 and its rows stream contiguously.
/// AggressiveOptimization: with tiered PGO the JIT left these loops in slow code (measured 25× slower
/// forward passes); hot kernels are compiled fully optimised from the first call.
/// </summary>
internal static class BlockedMatMul<TV> where TV : struct, ISimdVector<TV>
{
    const int Rows = 6;

    /// <summary>
    /// C[i, j] for j in [j0, j1): init + Σ_{p &lt; depth} A(i, p) · B[p, j], with A(i, p) = a[i·aRow + p·aStep],
    /// B[p, j] = b[p·ldb + j], C[i, j] = c[i·ldc + j].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> a, int aRow, int aStep, ReadOnlySpan<float> b, int ldb,
        int rows, int depth, Span<float> c, int ldc, int j0, int j1, in Epilogue e)
    {
        var width = 2 * TV.Count;
        var jVector = j0 + (j1 - j0) / width * width;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rc = ref MemoryMarshal.GetReference(c);
        var i = 0;
        for (; i + Rows <= rows; i += Rows)
        {
            for (var j = j0; j < jVector; j += width)
                Block6(ref Unsafe.Add(ref ra, i * aRow), aRow, aStep, ref Unsafe.Add(ref rb, j), ldb, depth,
                    ref Unsafe.Add(ref rc, i * ldc + j), ldc, i, j, e);
        }
        for (; i < rows; i++)
        {
            for (var j = j0; j < jVector; j += width)
                Block1(ref Unsafe.Add(ref ra, i * aRow), aStep, ref Unsafe.Add(ref rb, j), ldb, depth,
                    ref Unsafe.Add(ref rc, i * ldc + j), ldc, i, j, e);
        }
        for (i = 0; i < rows; i++)
        {
            for (var j = jVector; j < j1; j++)
                ScalarMatMul.Element(ref Unsafe.Add(ref ra, i * aRow), aStep, ref Unsafe.Add(ref rb, j), ldb, depth,
                    ref Unsafe.Add(ref rc, i * ldc + j), i * ldc + j, j, e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block6(ref float a, int aRow, int aStep, ref float b, int ldb, int depth,
        ref float c, int ldc, int i, int j, in Epilogue e)
    {
        var v = TV.Count;
        ref var c1 = ref Unsafe.Add(ref c, ldc);
        ref var c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref var c3 = ref Unsafe.Add(ref c, 3 * ldc);
        ref var c4 = ref Unsafe.Add(ref c, 4 * ldc);
        ref var c5 = ref Unsafe.Add(ref c, 5 * ldc);
        Init(ref c, j, e, out var c00, out var c01);
        Init(ref c1, j, e, out var c10, out var c11);
        Init(ref c2, j, e, out var c20, out var c21);
        Init(ref c3, j, e, out var c30, out var c31);
        Init(ref c4, j, e, out var c40, out var c41);
        Init(ref c5, j, e, out var c50, out var c51);
        for (var p = 0; p < depth; p++)
        {
            var b0 = TV.Load(ref b);
            var b1 = TV.Load(ref Unsafe.Add(ref b, v));
            b = ref Unsafe.Add(ref b, ldb);
            var x = TV.Broadcast(a);
            c00 = TV.MultiplyAdd(x, b0, c00);
            c01 = TV.MultiplyAdd(x, b1, c01);
            x = TV.Broadcast(Unsafe.Add(ref a, aRow));
            c10 = TV.MultiplyAdd(x, b0, c10);
            c11 = TV.MultiplyAdd(x, b1, c11);
            x = TV.Broadcast(Unsafe.Add(ref a, 2 * aRow));
            c20 = TV.MultiplyAdd(x, b0, c20);
            c21 = TV.MultiplyAdd(x, b1, c21);
            x = TV.Broadcast(Unsafe.Add(ref a, 3 * aRow));
            c30 = TV.MultiplyAdd(x, b0, c30);
            c31 = TV.MultiplyAdd(x, b1, c31);
            x = TV.Broadcast(Unsafe.Add(ref a, 4 * aRow));
            c40 = TV.MultiplyAdd(x, b0, c40);
            c41 = TV.MultiplyAdd(x, b1, c41);
            x = TV.Broadcast(Unsafe.Add(ref a, 5 * aRow));
            c50 = TV.MultiplyAdd(x, b0, c50);
            c51 = TV.MultiplyAdd(x, b1, c51);
            a = ref Unsafe.Add(ref a, aStep);
        }
        Store(ref c, i * ldc + j, c00, c01, e);
        Store(ref c1, (i + 1) * ldc + j, c10, c11, e);
        Store(ref c2, (i + 2) * ldc + j, c20, c21, e);
        Store(ref c3, (i + 3) * ldc + j, c30, c31, e);
        Store(ref c4, (i + 4) * ldc + j, c40, c41, e);
        Store(ref c5, (i + 5) * ldc + j, c50, c51, e);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block1(ref float a, int aStep, ref float b, int ldb, int depth,
        ref float c, int ldc, int i, int j, in Epilogue e)
    {
        var v = TV.Count;
        Init(ref c, j, e, out var c0, out var c1);
        for (var p = 0; p < depth; p++)
        {
            var x = TV.Broadcast(a);
            c0 = TV.MultiplyAdd(x, TV.Load(ref b), c0);
            c1 = TV.MultiplyAdd(x, TV.Load(ref Unsafe.Add(ref b, v)), c1);
            b = ref Unsafe.Add(ref b, ldb);
            a = ref Unsafe.Add(ref a, aStep);
        }
        Store(ref c, i * ldc + j, c0, c1, e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Init(ref float c, int j, in Epilogue e, out TV lo, out TV hi)
    {
        if (e.Accumulate)
        {
            lo = TV.Load(ref c);
            hi = TV.Load(ref Unsafe.Add(ref c, TV.Count));
        }
        else if (!e.Bias.IsEmpty)
        {
            ref var bias = ref Unsafe.Add(ref MemoryMarshal.GetReference(e.Bias), j);
            lo = TV.Load(ref bias);
            hi = TV.Load(ref Unsafe.Add(ref bias, TV.Count));
        }
        else
        {
            lo = TV.Zero;
            hi = TV.Zero;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(ref float c, int offset, TV lo, TV hi, in Epilogue e)
    {
        if (e.Relu)
        {
            lo = TV.ReluMax(lo);
            hi = TV.ReluMax(hi);
        }
        if (!e.Mask.IsEmpty)
        {
            ref var mask = ref Unsafe.Add(ref MemoryMarshal.GetReference(e.Mask), offset);
            lo = TV.KeepWherePositive(lo, TV.Load(ref mask));
            hi = TV.KeepWherePositive(hi, TV.Load(ref Unsafe.Add(ref mask, TV.Count)));
        }
        TV.Store(lo, ref c);
        TV.Store(hi, ref Unsafe.Add(ref c, TV.Count));
    }
}
