using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// The tanh activation in place, and its backward step, a vector at a time: tanh x = (e − 1) / (e + 1), e = exp 2x,
/// with x clamped to ±9 where tanh is 1 in float anyway (and e + 1 stays finite). Absolute error near 1e-7.
/// </summary>
public static class TanhRows
{
    const float Limit = 9f;

    /// <summary>y[m, n] (row stride ldy) = tanh(y).</summary>
    public static void Apply(Span<float> y, int m, int n, int ldy)
    {
        for (var i = 0; i < m; i++)
            Apply(y.Slice(i * ldy, n));
    }

    /// <summary>values = tanh(values).</summary>
    public static void Apply(Span<float> values)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<float>.Count <= values.Length; i += Vector512<float>.Count)
            {
                var x = Vector512.Clamp(Vector512.LoadUnsafe(ref v, (nuint)i), Vector512.Create(-Limit),
                    Vector512.Create(Limit));
                var e = Vector512.Exp(x + x);
                ((e - Vector512<float>.One) / (e + Vector512<float>.One)).StoreUnsafe(ref v, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
            {
                var x = Vector256.Clamp(Vector256.LoadUnsafe(ref v, (nuint)i), Vector256.Create(-Limit),
                    Vector256.Create(Limit));
                var e = Vector256.Exp(x + x);
                ((e - Vector256<float>.One) / (e + Vector256<float>.One)).StoreUnsafe(ref v, (nuint)i);
            }
        }
        for (; i < values.Length; i++)
        {
            var e = MathF.Exp(2 * Math.Clamp(Unsafe.Add(ref v, i), -Limit, Limit));
            Unsafe.Add(ref v, i) = (e - 1) / (e + 1);
        }
    }

    /// <summary>dz[m] ·= 1 − y[m]²: back through tanh from its outputs; results below float's normal range → 0.
    /// </summary>
    public static void Backward(Span<float> dz, ReadOnlySpan<float> y)
    {
        for (var i = 0; i < dz.Length; i++)
            dz[i] = Denormals.Flush(dz[i] * (1 - y[i] * y[i]));
    }
}
