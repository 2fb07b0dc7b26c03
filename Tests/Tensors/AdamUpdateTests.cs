using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Tensors;

public class AdamUpdateTests
{
    /// <summary>Every vector width this machine accelerates, named explicitly, and the scalar pass.</summary>
    public static TheoryData<SimdWidth> Widths => [.. Enum.GetValues<SimdWidth>().Where(DenseBlocked.IsAccelerated)];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Vector_pass_equals_scalar_definition_for_every_length_0_to_70(SimdWidth width)
    {
        var rng = new Rng(21);
        for (var length = 0; length <= 70; length++)
        {
            var p = RandomData.Uniform(rng, length);
            var g = RandomData.Uniform(rng, length);
            var m = RandomData.Uniform(rng, length, -0.1, 0.1);
            var v = RandomData.Uniform(rng, length, 0, 0.01);
            var (p2, m2, v2) = (p.ToArray(), m.ToArray(), v.ToArray());
            AdamUpdate.Step(p, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-7f, width);
            AdamUpdate.StepReference(p2, g, m2, v2, 1e-3f, 0.9f, 0.999f, 1e-7f);
            Close.BitExact($"{width} parameters, length {length}", p2, p);
            Close.BitExact($"{width} first moment, length {length}", m2, m);
            Close.BitExact($"{width} second moment, length {length}", v2, v);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Moments_that_would_become_denormal_are_stored_as_zero_by_every_path(SimdWidth width)
    {
        // Odd elements: m = 1.2e-38 (just normal) with g = 0 becomes 0.9·m, a denormal in plain float arithmetic.
        // Even elements: v = 0 with g = 1e-20 becomes 0.001·g² = 1e-43, a denormal too. Length 37 puts elements
        // in the vector body and in the scalar tail.
        const int length = 37;
        var (p, g) = (Enumerable.Repeat(0.5f, length).ToArray(), new float[length]);
        var m = Enumerable.Repeat(1.2e-38f, length).ToArray();
        var v = Enumerable.Repeat(1e-30f, length).ToArray();
        for (var i = 0; i < length; i += 2)
            (g[i], m[i], v[i]) = (1e-20f, -1e-3f, 0f);
        var unflushed = m[1] + (g[1] - m[1]) * (1f - 0.9f);
        Assert.True(Denormal(unflushed), $"the unflushed first moment {unflushed} is a denormal");
        AdamUpdate.Step(p, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-7f, width);
        for (var i = 0; i < length; i++)
        {
            Assert.False(Denormal(m[i]) || Denormal(v[i]) || Denormal(p[i]),
                $"{width} element {i}: m {m[i]}, v {v[i]}, p {p[i]}");
            if (i % 2 == 1)
                Assert.Equal(0f, m[i]);
        }
    }

    static bool Denormal(float x) => x != 0f && MathF.Abs(x) < Denormals.SmallestNormal;
}
