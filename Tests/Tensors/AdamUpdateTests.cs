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

    [Theory]
    [MemberData(nameof(Widths))]
    public void A_band_of_rows_steps_as_each_row_does_and_leaves_the_rest_alone(SimdWidth width)
    {
        // 5 rows × 37 columns (vector body and tail) from offset 3: inside rows 50 apart, and rows 37 apart
        // (the whole matrix, which runs as one span).
        const int rows = 5, cols = 37, start = 3;
        foreach (var ld in new[] { 50, cols })
        {
            var rng = new Rng(22);
            var length = start + rows * ld + 4;
            var p = RandomData.Uniform(rng, length);
            var m = RandomData.Uniform(rng, length, -0.1, 0.1);
            var v = RandomData.Uniform(rng, length, 0, 0.01);
            var g = RandomData.Uniform(rng, rows * cols);
            var (p2, m2, v2) = (p.ToArray(), m.ToArray(), v.ToArray());
            AdamUpdate.StepRows(p.AsSpan(start), g, m.AsSpan(start), v.AsSpan(start), ld, rows, cols, 1e-3f, 0.9f,
                0.999f, 1e-7f, width);
            for (var r = 0; r < rows; r++)
            {
                var at = start + r * ld;
                AdamUpdate.StepReference(p2.AsSpan(at, cols), g.AsSpan(r * cols, cols), m2.AsSpan(at, cols),
                    v2.AsSpan(at, cols), 1e-3f, 0.9f, 0.999f, 1e-7f);
            }
            Close.BitExact($"{width} parameters, rows {ld} apart", p2, p);
            Close.BitExact($"{width} first moment, rows {ld} apart", m2, m);
            Close.BitExact($"{width} second moment, rows {ld} apart", v2, v);
        }
    }

    static bool Denormal(float x) => x != 0f && MathF.Abs(x) < Denormals.SmallestNormal;
}
