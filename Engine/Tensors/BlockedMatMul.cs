using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// How a block of C starts and ends: its initial value and what is applied before the store (always
/// last: denormals flushed to zero, see <see cref="Denormals"/>).
/// </summary>
internal readonly ref struct Epilogue
{
    /// <summary>Row added to every row of C before the sum (empty: start from zero).</summary>
    public ReadOnlySpan<float> Bias { get; init; }
    /// <summary>Start from C's current content: C += A·B.</summary>
    public bool Accumulate { get; init; }
    public bool Relu { get; init; }
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
        // Rows in blocks of 6, but a remainder of 2 or 3 borrows one block of 6 to make two of 4
        // (8 or 9 rows): a 1-row block is load-bound, a 4-row block still hides the FMA latency.
        var sixes = rows / 6;
        var rest = rows % 6;
        if (rest is 2 or 3 && sixes > 0)
            (sixes, rest) = (sixes - 1, rest + 6);
        var fours = rest / 4;
        // Column strips outside, row blocks inside: a strip of B (depth × width) stays in L1 while
        // every row block of A streams past it (measured faster than the other order at 32×256×256).
        for (var j = j0; j < jVector; j += width)
        {
            var i = 0;
            for (var s = 0; s < sixes; s++, i += 6)
                Block<Six>(ref Unsafe.Add(ref ra, i * aRow), aRow, aStep, ref Unsafe.Add(ref rb, j), ldb, depth,
                    ref Unsafe.Add(ref rc, i * ldc + j), ldc, i, j, e);
            for (var f = 0; f < fours; f++, i += 4)
                Block<Four>(ref Unsafe.Add(ref ra, i * aRow), aRow, aStep, ref Unsafe.Add(ref rb, j), ldb, depth,
                    ref Unsafe.Add(ref rc, i * ldc + j), ldc, i, j, e);
            for (; i < rows; i++)
                Block<One>(ref Unsafe.Add(ref ra, i * aRow), aRow, aStep, ref Unsafe.Add(ref rb, j), ldb, depth,
                    ref Unsafe.Add(ref rc, i * ldc + j), ldc, i, j, e);
        }
        if (TailMatMul.IsAccelerated)
            TailMatMul.Run(ref ra, aRow, aStep, ref rb, ldb, rows, depth, ref rc, ldc, jVector, j1, e);
        else
            ScalarMatMul.Run(a, aRow, aStep, b, ldb, rows, depth, c, ldc, jVector, j1, e);
    }

    // C[i .. i+R, j .. j+2V]: R ≤ 6 rows of two vectors each, in 2R registers for the whole reduction.
    // R is a type so the JIT folds every "R > r" test and drops the unused accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block<TRows>(ref float a, int aRow, int aStep, ref float b, int ldb, int depth,
        ref float c, int ldc, int i, int j, in Epilogue e) where TRows : struct, IRowCount
    {
        var v = TV.Count;
        var rowCount = TRows.Value;
        ref var c1 = ref Unsafe.Add(ref c, ldc);
        ref var c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref var c3 = ref Unsafe.Add(ref c, 3 * ldc);
        ref var c4 = ref Unsafe.Add(ref c, 4 * ldc);
        ref var c5 = ref Unsafe.Add(ref c, 5 * ldc);
        TV c10 = TV.Zero, c11 = TV.Zero, c20 = TV.Zero, c21 = TV.Zero, c30 = TV.Zero, c31 = TV.Zero;
        TV c40 = TV.Zero, c41 = TV.Zero, c50 = TV.Zero, c51 = TV.Zero;
        Init(ref c, j, e, out var c00, out var c01);
        if (rowCount > 1)
            Init(ref c1, j, e, out c10, out c11);
        if (rowCount > 2)
            Init(ref c2, j, e, out c20, out c21);
        if (rowCount > 3)
            Init(ref c3, j, e, out c30, out c31);
        if (rowCount > 4)
            Init(ref c4, j, e, out c40, out c41);
        if (rowCount > 5)
            Init(ref c5, j, e, out c50, out c51);
        // Row offsets as nint, computed once: otherwise the JIT re-derives and sign-extends each
        // broadcast's index every step, and the loop becomes front-end bound (measured).
        nint r1 = aRow, r2 = 2 * r1, r3 = 3 * r1, r4 = 4 * r1, r5 = 5 * r1, step = aStep, next = ldb;
        for (var p = 0; p < depth; p++)
        {
            var b0 = TV.Load(ref b);
            var b1 = TV.Load(ref Unsafe.Add(ref b, v));
            b = ref Unsafe.Add(ref b, next);
            var x = TV.Broadcast(a);
            c00 = TV.MultiplyAdd(x, b0, c00);
            c01 = TV.MultiplyAdd(x, b1, c01);
            if (rowCount > 1)
            {
                x = TV.Broadcast(Unsafe.Add(ref a, r1));
                c10 = TV.MultiplyAdd(x, b0, c10);
                c11 = TV.MultiplyAdd(x, b1, c11);
            }
            if (rowCount > 2)
            {
                x = TV.Broadcast(Unsafe.Add(ref a, r2));
                c20 = TV.MultiplyAdd(x, b0, c20);
                c21 = TV.MultiplyAdd(x, b1, c21);
            }
            if (rowCount > 3)
            {
                x = TV.Broadcast(Unsafe.Add(ref a, r3));
                c30 = TV.MultiplyAdd(x, b0, c30);
                c31 = TV.MultiplyAdd(x, b1, c31);
            }
            if (rowCount > 4)
            {
                x = TV.Broadcast(Unsafe.Add(ref a, r4));
                c40 = TV.MultiplyAdd(x, b0, c40);
                c41 = TV.MultiplyAdd(x, b1, c41);
            }
            if (rowCount > 5)
            {
                x = TV.Broadcast(Unsafe.Add(ref a, r5));
                c50 = TV.MultiplyAdd(x, b0, c50);
                c51 = TV.MultiplyAdd(x, b1, c51);
            }
            a = ref Unsafe.Add(ref a, step);
        }
        Store(ref c, c00, c01, e);
        if (rowCount > 1)
            Store(ref c1, c10, c11, e);
        if (rowCount > 2)
            Store(ref c2, c20, c21, e);
        if (rowCount > 3)
            Store(ref c3, c30, c31, e);
        if (rowCount > 4)
            Store(ref c4, c40, c41, e);
        if (rowCount > 5)
            Store(ref c5, c50, c51, e);
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
    static void Store(ref float c, TV lo, TV hi, in Epilogue e)
    {
        if (e.Relu)
        {
            lo = TV.ReluMax(lo);
            hi = TV.ReluMax(hi);
        }
        TV.Store(TV.FlushDenormals(lo), ref c);
        TV.Store(TV.FlushDenormals(hi), ref Unsafe.Add(ref c, TV.Count));
    }
}

/// <summary>A block's row count as a type, so each instantiation of the micro-kernel is compiled for it.</summary>
internal interface IRowCount
{
    static abstract int Value { get; }
}

internal readonly struct Six : IRowCount
{
    public static int Value => 6;
}

internal readonly struct Four : IRowCount
{
    public static int Value => 4;
}

internal readonly struct One : IRowCount
{
    public static int Value => 1;
}
