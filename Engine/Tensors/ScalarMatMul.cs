using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// One element of the strided product of <see cref="BlockedMatMul{TV}"/> with scalar FMAs: the
/// column tail of the vector kernels, and the whole product where no vector unit is accelerated.
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
        for (var i = 0; i < rows; i++)
        {
            for (var j = j0; j < j1; j++)
                Element(ref Unsafe.Add(ref ra, i * aRow), aStep, ref Unsafe.Add(ref rb, j), ldb, depth,
                    ref Unsafe.Add(ref rc, i * ldc + j), i * ldc + j, j, e);
        }
    }

    // c = epilogue(init + Σ_p a[p·aStep] · b[p·ldb])
    public static void Element(ref float a, int aStep, ref float b, int ldb, int depth,
        ref float c, int offset, int j, in Epilogue e)
    {
        var sum = e.Accumulate ? c : e.Bias.IsEmpty ? 0f : e.Bias[j];
        for (var p = 0; p < depth; p++)
        {
            sum = MathF.FusedMultiplyAdd(a, b, sum);
            b = ref Unsafe.Add(ref b, ldb);
            a = ref Unsafe.Add(ref a, aStep);
        }
        if (e.Relu)
            sum = MathF.Max(sum, 0f);
        if (!e.Mask.IsEmpty && !(e.Mask[offset] > 0f))
            sum = 0f;
        c = Denormals.Flush(sum);
    }
}
