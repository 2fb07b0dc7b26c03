using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Model;

/// <summary>
/// bfloat16 weights for one row's inference: the rounding against hand-derived bit patterns, and the network's
/// output against a double-precision forward pass over the same rounded weights (so only the float32 sums differ),
/// across shapes that take every path (64 and 16 columns at a time, single columns) and both hidden activations.
/// </summary>
public class Bf16NetworkTests
{
    [Theory]
    [InlineData(1f, 0x3F80)]
    [InlineData(-2f, 0xC000)]
    [InlineData(1f + 1f / 256, 0x3F80)] // halfway between 1 and 1 + 2⁻⁷: ties to the even one, 1
    [InlineData(1f + 3f / 256, 0x3F82)] // halfway between 1 + 2⁻⁷ and 1 + 2⁻⁶: ties to the even one
    [InlineData(1f + 3f / 512, 0x3F81)] // nearer 1 + 2⁻⁷ than 1
    public void Rounding_is_to_nearest_with_ties_to_even(float value, int bits)
    {
        Assert.Equal((ushort)bits, Bf16Network.Round(value));
        Assert.Equal(value, Bf16Network.Widen((ushort)bits), (double)Math.Abs(value) / 128);
    }

    [Theory]
    [InlineData("23-256-130-14", false)]
    [InlineData("5-33-7-3", false)]
    [InlineData("8-80-17-2", true)]
    public void Inference_matches_a_double_pass_over_the_rounded_weights(string architecture, bool tanh)
    {
        var sizes = architecture.Split('-').Select(int.Parse).ToArray();
        var net = new Mlp(sizes, null, tanh ? Activation.Tanh : Activation.Relu);
        var rng = new Rng(17);
        net.InitializeGlorot(rng);
        var plain = new float[net.ParameterCount];
        net.CopyParametersTo(plain);
        for (var i = 0; i < plain.Length; i++)
            plain[i] += (float)rng.Uniform(-0.05, 0.05); // biases too
        net.SetParameters(plain);
        var rounded = new double[plain.Length];
        var offset = 0;
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            var weights = sizes[l] * sizes[l + 1];
            for (var i = 0; i < weights + sizes[l + 1]; i++)
                rounded[offset + i] = i < weights ? Bf16Network.Widen(Bf16Network.Round(plain[offset + i]))
                    : plain[offset + i];
            offset += weights + sizes[l + 1];
        }
        var oracle = new DoubleMlp(sizes, rounded, tanh);
        var compact = new Bf16Network(net);
        var (y, scratch) = (new float[sizes[^1]], new float[compact.ScratchLength]);
        for (var trial = 0; trial < 6; trial++)
        {
            var x = RandomData.Uniform(rng, sizes[0]);
            // Odd trials: a third of the inputs ±0, as after a ReLU (the pass skips them).
            for (var i = 0; trial % 2 == 1 && i < x.Length; i += 3)
                x[i] = i % 2 == 0 ? 0f : -0f;
            var expected = oracle.Forward(x, 1);
            var scale = expected.Max(Math.Abs);
            compact.Infer(x, y, scratch);
            Close.All($"{architecture} trial {trial}", expected, y, 1e-4, 1e-5 * scale);
            compact.Infer(x, y, scratch, reluOutput: true);
            Close.All($"{architecture} trial {trial}, ReLU on the output", [.. expected.Select(v => Math.Max(v, 0))],
                y, 1e-4, 1e-5 * scale);
        }
    }
}
