using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// The strided product of <see cref="BlockedMatMul{TV}"/> with scalar FMAs, column by column: the column
/// tail of the vector kernels (a layer with 2 outputs is all tail), and the whole product where no vector
/// unit is accelerated. Four rows run at once, because one row's sum is a chain of dependent FMAs that
/// waits on each one's latency (measured: the seed's 2-output layer, 16×128×2, 3.4 → 1.2 µs forward).
/// </summary>
internal static class ScalarMatMul
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> a, int aRow, int aStep, ReadOnlySpan<float> b, int ldb,
        int rows, int depth, Span<float> c, int ldc, int j0, int j1, in Epilogue e)
    {
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rc = ref MemoryMarshal.GetReference(c);
        for (var j = j0; j < j1; j++)
        {
            Column(ref ra, aRow, aStep, ref Unsafe.Add(ref rb, j), ldb, rows, depth,
                ref Unsafe.Add(ref rc, j), ldc, j, e);
        }
    }

    // C[i, j] = epilogue(init + Σ_p A(i, p) · b[p·ldb]) for every row i of one column j.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Column(ref float a, int aRow, int aStep, ref float b, int ldb, int rows, int depth,
        ref float c, int ldc, int j, in Epilogue e)
    {
        var i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            ref var a0 = ref Unsafe.Add(ref a, i * aRow);
            ref var c0 = ref Unsafe.Add(ref c, i * ldc);
            ref var c1 = ref Unsafe.Add(ref c0, ldc);
            ref var c2 = ref Unsafe.Add(ref c1, ldc);
            ref var c3 = ref Unsafe.Add(ref c2, ldc);
            var (s0, s1, s2, s3) = (Init(c0, j, e), Init(c1, j, e), Init(c2, j, e), Init(c3, j, e));
            nint r1 = aRow, r2 = 2 * r1, r3 = 3 * r1, step = aStep, next = ldb;
            ref var bp = ref b;
            for (var p = 0; p < depth; p++)
            {
                var x = bp;
                s0 = MathF.FusedMultiplyAdd(a0, x, s0);
                s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a0, r1), x, s1);
                s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a0, r2), x, s2);
                s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a0, r3), x, s3);
                bp = ref Unsafe.Add(ref bp, next);
                a0 = ref Unsafe.Add(ref a0, step);
            }
            (c0, c1, c2, c3) = (Finish(s0, e), Finish(s1, e), Finish(s2, e), Finish(s3, e));
        }
        for (; i < rows; i++)
            Element(ref Unsafe.Add(ref a, i * aRow), aStep, ref b, ldb, depth, ref Unsafe.Add(ref c, i * ldc), j, e);
    }

    // c = epilogue(init + Σ_p a[p·aStep] · b[p·ldb])
    public static void Element(ref float a, int aStep, ref float b, int ldb, int depth,
        ref float c, int j, in Epilogue e)
    {
        var sum = Init(c, j, e);
        for (var p = 0; p < depth; p++)
        {
            sum = MathF.FusedMultiplyAdd(a, b, sum);
            b = ref Unsafe.Add(ref b, ldb);
            a = ref Unsafe.Add(ref a, aStep);
        }
        c = Finish(sum, e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Init(float c, int j, in Epilogue e) => e.Accumulate ? c : e.Bias.IsEmpty ? 0f : e.Bias[j];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Finish(float sum, in Epilogue e) => Denormals.Flush(e.Relu ? MathF.Max(sum, 0f) : sum);
}
