using NeuralIk.Engine.Model;
using NeuralIk.Engine.Optimizers;
using Xunit;

namespace NeuralIk.Tests.Model;

/// <summary>
/// The bands two cores split a layer into, and the alignment that keeps them from sharing cache lines.
/// Whether one core or two run them, the bits are the same (ParallelDenseTests trains both ways).
/// </summary>
public class MlpBandTests
{
    [Theory]
    [InlineData(256, 2, 128)]
    [InlineData(128, 2, 64)]
    [InlineData(100, 2, 48)]
    [InlineData(64, 2, 32)]
    [InlineData(63, 1, 63)]
    [InlineData(2, 1, 2)]
    public void A_layer_is_cut_into_bands_that_cover_its_columns_on_line_boundaries(int outputs, int bands, int split)
    {
        var net = new Mlp([3, outputs]);
        Assert.Equal(bands, net.Bands(0));
        Assert.Equal((0, split), net.Band(0, 0));
        if (bands == 2)
            Assert.Equal((split, outputs), net.Band(0, 1));
        Assert.True(bands == 1 || split % 16 == 0, $"the split {split} is not on a 16-float line boundary");
    }

    [Fact]
    public unsafe void Parameters_and_moments_start_on_a_cache_line()
    {
        foreach (var sizes in new[] { new[] { 2, 256, 256, 128, 128, 2 }, [2, 16, 2], [3, 5] })
        {
            var net = new Mlp(sizes);
            var adam = new Adam(net.Parameters.Length);
            fixed (float* p = net.Parameters, m = adam.FirstMoment, v = adam.SecondMoment)
            {
                Assert.Equal(0, (long)p % 64);
                Assert.Equal(0, (long)m % 64);
                Assert.Equal(0, (long)v % 64);
            }
        }
    }
}
