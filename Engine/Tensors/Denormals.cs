using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// Flush-to-zero by hand: every value a training step stores goes through this (or its vector twin
/// <see cref="ISimdVector{TSelf}.FlushDenormals"/>), because Intel cores take a microcode assist on
/// each denormal operand (measured: Adam's decaying moments made a step 3× slower) and .NET exposes
/// no MXCSR control. Values below the smallest normal float, −0 included, become +0; NaN stays NaN.
/// </summary>
public static class Denormals
{
    /// <summary>2⁻¹²⁶, the smallest positive normal float.</summary>
    public const float SmallestNormal = 1.17549435E-38f;

    public static float Flush(float x) => MathF.Abs(x) < SmallestNormal ? 0f : x;

    /// <summary>The same for eight floats at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Flush(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(SmallestNormal)),
            Vector256<float>.Zero, x);

    public static void Flush(Span<float> values) => AddFlushed(values, [], DenseBlocked.Widest);

    /// <summary>
    /// values[i] = flush(values[i] + addend[i]), or flush(values[i]) for an empty addend: two normal floats can
    /// add up to a denormal (two cores' shares of one delta, for instance).
    /// </summary>
    public static void AddFlushed(Span<float> values, ReadOnlySpan<float> addend) =>
        AddFlushed(values, addend, DenseBlocked.Widest);

    /// <summary>The same at a given vector width (tests run every width the machine accelerates).</summary>
    internal static void AddFlushed(Span<float> values, ReadOnlySpan<float> addend, SimdWidth width)
    {
        if (!addend.IsEmpty && addend.Length != values.Length)
            throw new ArgumentException($"addend has {addend.Length} values, not {values.Length}", nameof(addend));
        var done = width switch
        {
            SimdWidth.Vector512 => Vectorized<Simd512>(values, addend),
            SimdWidth.Vector256 => Vectorized<Simd256>(values, addend),
            _ => 0,
        };
        for (var i = done; i < values.Length; i++)
            values[i] = Flush(addend.IsEmpty ? values[i] : values[i] + addend[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int Vectorized<TV>(Span<float> values, ReadOnlySpan<float> addend) where TV : struct, ISimdVector<TV>
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var a = ref MemoryMarshal.GetReference(addend);
        var add = !addend.IsEmpty;
        var i = 0;
        for (; i + TV.Count <= values.Length; i += TV.Count)
        {
            var x = TV.Load(ref Unsafe.Add(ref v, i));
            if (add)
                x = TV.Add(x, TV.Load(ref Unsafe.Add(ref a, i)));
            TV.Store(TV.FlushDenormals(x), ref Unsafe.Add(ref v, i));
        }
        return i;
    }
}
