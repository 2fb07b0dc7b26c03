using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Optimizers;
using NeuralIk.Tests.Support;
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
        var layer = new Mlp([3, outputs, 2]).Layers[0];
        Assert.Equal(bands, layer.Bands.Count);
        Assert.Equal((0, split), layer.Bands[0]);
        if (bands == 2)
            Assert.Equal((split, outputs), layer.Bands[1]);
        Assert.True(bands == 1 || split % 16 == 0, $"the split {split} is not on a 16-float line boundary");
    }

    [Fact]
    public void Parameters_in_plain_order_are_each_layers_W_row_major_then_its_biases()
    {
        // 3 → 80 → 2: the hidden layer is cut in two bands inside, but its plain order is W[3, 80] then b[80].
        var net = new Mlp([3, 80, 2]);
        var plain = RandomData.Uniform(new Rng(4), net.ParameterCount);
        net.SetParameters(plain);
        float[] x = [0.3f, -0.7f, 0.9f];
        var hidden = new double[80];
        for (var j = 0; j < 80; j++)
        {
            var z = (double)plain[3 * 80 + j];
            for (var i = 0; i < 3; i++)
                z += x[i] * (double)plain[i * 80 + j];
            hidden[j] = Math.Max(0, z);
        }
        var second = 4 * 80;
        for (var k = 0; k < 2; k++)
        {
            var y = (double)plain[second + 80 * 2 + k];
            for (var j = 0; j < 80; j++)
                y += hidden[j] * plain[second + j * 2 + k];
            Assert.Equal(y, net.Forward(x, 1)[k], 1e-5);
        }
        var back = new float[net.ParameterCount];
        net.CopyParametersTo(back);
        Assert.Equal(plain, back);
    }

    [Fact]
    public void Each_band_of_W_is_a_row_major_block_of_its_own()
    {
        // 3 → 64 → 2: the first layer's bands are columns 0–31 and 32–63, each a block [3, 32]; the second layer
        // (2 outputs, one band) is W[64, 2] row-major after the first layer's 64 biases.
        var net = new Mlp([3, 64, 2]);
        var (first, second) = (net.Layers[0], net.Layers[1]);
        Assert.Equal(0, first.WeightIndex(0, 0));
        Assert.Equal(2 * 32 + 31, first.WeightIndex(2, 31));
        Assert.Equal(96, first.WeightIndex(0, 32));
        Assert.Equal(96 + 32 + 8, first.WeightIndex(1, 40));
        Assert.Equal(192 + 64 + 5 * 2 + 1, second.WeightIndex(5, 1));
        var plain = new float[net.Parameters.Length];
        for (var i = 0; i < plain.Length; i++)
            net.Parameters[i] = i;
        net.Reorder(net.Parameters, plain, toPlain: true);
        Assert.Equal(first.WeightIndex(1, 40), plain[1 * 64 + 40]);
        Assert.Equal(192 + 7, plain[192 + 7]);
        var back = new float[plain.Length];
        net.Reorder(plain, back, toPlain: false);
        Assert.Equal(net.Parameters.ToArray(), back);
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
