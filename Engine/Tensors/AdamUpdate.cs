using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// One Adam step over flat buffers, in Keras' form (bias correction folded into the step size):
/// m += (g − m)(1 − β1); v += (g² − v)(1 − β2); p −= α·m / (√v + ε), α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ).
/// m, v and p are stored with denormals flushed to zero (m of an idle weight decays by β1 every
/// step and would otherwise spend most of training as a denormal).
/// </summary>
public static class AdamUpdate
{
    /// <summary>The fused vector pass: parameters, gradients and both moments are read and written once.</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v,
        float alpha, float beta1, float beta2, float epsilon) =>
        Step(parameters, gradients, m, v, alpha, beta1, beta2, epsilon, DenseBlocked.Widest);

    /// <summary>The vector pass at a given width (tests run every width the machine accelerates).</summary>
    internal static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v,
        float alpha, float beta1, float beta2, float epsilon, SimdWidth width)
    {
        Check(parameters.Length, gradients.Length, m.Length, v.Length);
        var done = width switch
        {
            SimdWidth.Vector512 => Vectorized<Simd512>(parameters, gradients, m, v, alpha, beta1, beta2, epsilon),
            SimdWidth.Vector256 => Vectorized<Simd256>(parameters, gradients, m, v, alpha, beta1, beta2, epsilon),
            _ => 0,
        };
        StepReference(parameters[done..], gradients[done..], m[done..], v[done..], alpha, beta1, beta2, epsilon);
    }

    /// <summary>The scalar definition; also the remainder of the vector pass.</summary>
    public static void StepReference(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m,
        Span<float> v,
        float alpha, float beta1, float beta2, float epsilon)
    {
        Check(parameters.Length, gradients.Length, m.Length, v.Length);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            m[i] = Denormals.Flush(m[i] + (g - m[i]) * (1f - beta1));
            v[i] = Denormals.Flush(v[i] + (g * g - v[i]) * (1f - beta2));
            parameters[i] = Denormals.Flush(parameters[i] - alpha * m[i] / (MathF.Sqrt(v[i]) + epsilon));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int Vectorized<TV>(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v,
        float alpha, float beta1, float beta2, float epsilon) where TV : struct, ISimdVector<TV>
    {
        var oneMinusBeta1 = TV.Broadcast(1f - beta1);
        var oneMinusBeta2 = TV.Broadcast(1f - beta2);
        var alphaV = TV.Broadcast(alpha);
        var epsilonV = TV.Broadcast(epsilon);
        ref var rp = ref MemoryMarshal.GetReference(parameters);
        ref var rg = ref MemoryMarshal.GetReference(gradients);
        ref var rm = ref MemoryMarshal.GetReference(m);
        ref var rv = ref MemoryMarshal.GetReference(v);
        var i = 0;
        for (; i + TV.Count <= parameters.Length; i += TV.Count)
        {
            var g = TV.Load(ref Unsafe.Add(ref rg, i));
            var mi = TV.Load(ref Unsafe.Add(ref rm, i));
            var vi = TV.Load(ref Unsafe.Add(ref rv, i));
            mi = TV.FlushDenormals(TV.Add(mi, TV.Multiply(TV.Subtract(g, mi), oneMinusBeta1)));
            vi = TV.FlushDenormals(TV.Add(vi, TV.Multiply(TV.Subtract(TV.Multiply(g, g), vi), oneMinusBeta2)));
            var step = TV.Divide(TV.Multiply(alphaV, mi), TV.Add(TV.Sqrt(vi), epsilonV));
            TV.Store(mi, ref Unsafe.Add(ref rm, i));
            TV.Store(vi, ref Unsafe.Add(ref rv, i));
            TV.Store(TV.FlushDenormals(TV.Subtract(TV.Load(ref Unsafe.Add(ref rp, i)), step)),
                ref Unsafe.Add(ref rp, i));
        }
        return i;
    }

    static void Check(int parameters, int gradients, int m, int v)
    {
        if (gradients != parameters || m != parameters || v != parameters)
            throw new ArgumentException($"Adam buffers differ in length: parameters {parameters}, gradients " +
                $"{gradients}, m {m}, v {v}");
    }
}
