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

    public static void Flush(Span<float> values)
    {
        foreach (ref var v in values)
            v = Flush(v);
    }
}
