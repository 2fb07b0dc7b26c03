using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// The columns a blocked kernel's strips of two vectors leave over (fewer than 2V: a guess network's 14 outputs, a
/// step's 7, are all of them), in AVX strips of 16 columns whose lanes past the last column are masked: no load or
/// store touches them. Scalar chains there ran 16× fewer FMAs per cycle: a tenth of a spatial training's time went
/// to its narrow output layer. Each element is still one chain in the blocked kernel's order (init, then p = 0, 1, …),
/// so the bits equal <see cref="ScalarMatMul"/>'s.
/// </summary>
internal static unsafe class TailMatMul
{
    public static bool IsAccelerated => Avx.IsSupported && Fma.IsSupported;

    /// <summary>
    /// C[i, j] for j in [j0, j1): init + Σ_{p &lt; depth} A(i, p) · B[p, j], addressed as in
    /// <see cref="BlockedMatMul{TV}.Run"/> (a, b and c at element 0 of their operands).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref float a, int aRow, int aStep, ref float b, int ldb, int rows, int depth,
        ref float c, int ldc, int j0, int j1, in Epilogue e)
    {
        for (var j = j0; j < j1; j += 16)
        {
            var (low, high) = (Mask(j1 - j), Mask(j1 - j - 8));
            var i = 0;
            for (; i + 4 <= rows; i += 4)
                Block<Four>(ref Unsafe.Add(ref a, i * aRow), aRow, aStep, ref Unsafe.Add(ref b, j), ldb, depth,
                    ref Unsafe.Add(ref c, i * ldc + j), ldc, j, low, high, e);
            for (; i < rows; i++)
                Block<One>(ref Unsafe.Add(ref a, i * aRow), aRow, aStep, ref Unsafe.Add(ref b, j), ldb, depth,
                    ref Unsafe.Add(ref c, i * ldc + j), ldc, j, low, high, e);
        }
    }

    // Lanes [0, count) set.
    static Vector256<float> Mask(int count) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();

    // C[i .. i+R, j .. j+16) in 2R registers, R = 1 or 4 (four rows hide the FMA latency, as in the blocked kernel).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block<TRows>(ref float a, int aRow, int aStep, ref float b, int ldb, int depth, ref float c, int ldc,
        int j, Vector256<float> low, Vector256<float> high, in Epilogue e) where TRows : struct, IRowCount
    {
        var rowCount = TRows.Value;
        Vector256<float> c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        fixed (float* pa = &a, pb = &b, pc = &c)
        {
            var (c00, c01) = Init(pc, j, low, high, e);
            if (rowCount > 1)
            {
                (c10, c11) = Init(pc + ldc, j, low, high, e);
                (c20, c21) = Init(pc + 2 * ldc, j, low, high, e);
                (c30, c31) = Init(pc + 3 * ldc, j, low, high, e);
            }
            var x0 = pa;
            var w = pb;
            for (var p = 0; p < depth; p++, x0 += aStep, w += ldb)
            {
                var (b0, b1) = (Avx.MaskLoad(w, low), Avx.MaskLoad(w + 8, high));
                var x = Vector256.Create(*x0);
                c00 = Fma.MultiplyAdd(x, b0, c00);
                c01 = Fma.MultiplyAdd(x, b1, c01);
                if (rowCount > 1)
                {
                    x = Vector256.Create(x0[aRow]);
                    c10 = Fma.MultiplyAdd(x, b0, c10);
                    c11 = Fma.MultiplyAdd(x, b1, c11);
                    x = Vector256.Create(x0[2 * aRow]);
                    c20 = Fma.MultiplyAdd(x, b0, c20);
                    c21 = Fma.MultiplyAdd(x, b1, c21);
                    x = Vector256.Create(x0[3 * aRow]);
                    c30 = Fma.MultiplyAdd(x, b0, c30);
                    c31 = Fma.MultiplyAdd(x, b1, c31);
                }
            }
            Store(pc, c00, c01, low, high, e);
            if (rowCount > 1)
            {
                Store(pc + ldc, c10, c11, low, high, e);
                Store(pc + 2 * ldc, c20, c21, low, high, e);
                Store(pc + 3 * ldc, c30, c31, low, high, e);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<float>, Vector256<float>) Init(float* c, int j, Vector256<float> low, Vector256<float> high,
        in Epilogue e)
    {
        if (e.Accumulate)
            return (Avx.MaskLoad(c, low), Avx.MaskLoad(c + 8, high));
        if (e.Bias.IsEmpty)
            return (default, default);
        fixed (float* bias = e.Bias[j..])
            return (Avx.MaskLoad(bias, low), Avx.MaskLoad(bias + 8, high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* c, Vector256<float> lo, Vector256<float> hi, Vector256<float> low,
        Vector256<float> high, in Epilogue e)
    {
        Avx.MaskStore(c, low, Finish(lo, e.Relu));
        Avx.MaskStore(c + 8, high, Finish(hi, e.Relu));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Finish(Vector256<float> sum, bool relu) =>
        Denormals.Flush(relu ? Vector256.Max(sum, Vector256<float>.Zero) : sum);
}
