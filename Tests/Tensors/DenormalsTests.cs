using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Tensors;

public class DenormalsTests
{
    public static TheoryData<SimdWidth> Widths => AdamUpdateTests.Widths;

    [Theory]
    [MemberData(nameof(Widths))]
    public void Sums_that_fall_below_the_smallest_normal_are_stored_as_zero_by_every_path(SimdWidth width)
    {
        // Pairs of normal floats whose sum is a denormal, at every position of a vector body and a scalar tail.
        const int length = 37;
        var rng = new Rng(23);
        var values = RandomData.Uniform(rng, length);
        var addend = RandomData.Uniform(rng, length);
        for (var i = 0; i < length; i += 3)
            (values[i], addend[i]) = (1.5e-38f, -1.4e-38f);
        Assert.True(float.IsSubnormal(values[0] + addend[0]), "the unflushed sum is a denormal");
        var expected = values.Select((v, i) => Denormals.Flush(v + addend[i])).ToArray();
        Denormals.AddFlushed(values, addend, width);
        Close.BitExact($"{width} sums", expected, values);
        Assert.All(values, v => Assert.False(float.IsSubnormal(v)));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Flushing_alone_zeroes_denormals_and_keeps_the_rest(SimdWidth width)
    {
        float[] values = [1e-39f, -1e-40f, 1.2e-38f, -0f, 3f, float.NaN, -2.5e-39f, 1e-45f, 7e-38f, -1f, 0.5f, 1e-39f,
            2f, 1e-41f, -3e-39f, 9f, 1e-39f, 4f];
        var expected = values.Select(Denormals.Flush).ToArray();
        Denormals.AddFlushed(values, [], width);
        Close.BitExact($"{width} flushed", expected, values);
        Assert.Equal(0f, values[0]);
        Assert.Equal(1.2e-38f, values[2]);
    }
}
