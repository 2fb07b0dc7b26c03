using NeuralIk.Tests.Support;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using Xunit;

namespace NeuralIk.Tests.Training;

/// <summary>
/// Training holds no denormal floats (Intel cores take a microcode assist on each one). The scenario makes
/// them the way the seed run did: weights that stop receiving gradient. The second input is used for 50
/// steps, then held at 0, so the first moments of its 16 weights decay by β1 = 0.9 per step; in plain float
/// arithmetic each passes through the denormal range (0.9 × the smallest normal is a denormal, not 0).
/// </summary>
public class DenormalTests
{
    static SampleSet Data(bool secondInput, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[2 * 64];
        var y = new float[2 * 64];
        for (var i = 0; i < 64; i++)
        {
            x[2 * i] = (float)rng.Uniform(-1, 1);
            x[2 * i + 1] = secondInput ? (float)rng.Uniform(-1, 1) : 0f;
            (y[2 * i], y[2 * i + 1]) = (MathF.Sin(3 * x[2 * i]), x[2 * i] * x[2 * i]);
        }
        return new SampleSet(x, y, 2, 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Optimizer_state_gradients_and_activations_hold_no_denormals(int threads)
    {
        using var twoCores = threads == 2 ? new ParallelDense() : null;
        var net = new Mlp([2, 16, 16, 2], (IDenseKernels?)twoCores ?? DenseBlocked.Instance);
        var trainer = new Trainer(net, new TrainingOptions { Seed = 3 }, twoCores?.Core);
        int[] rows = [.. Enumerable.Range(0, 32)];
        var (used, idle) = (Data(true, 1), Data(false, 2));
        for (var s = 0; s < 50; s++)
            trainer.Step(used, rows);
        var previous = trainer.Capture().AdamM;
        var flushed = 0;
        for (var s = 0; s < 1200; s++)
        {
            trainer.Step(idle, rows);
            var state = trainer.Capture();
            AssertNoDenormal($"adam.m after idle step {s}", state.AdamM);
            AssertNoDenormal($"adam.v after idle step {s}", state.AdamV);
            AssertNoDenormal($"parameters after idle step {s}", state.Parameters);
            // The second input's weights are row 1 of the first layer: elements [16, 32).
            for (var i = 16; i < 32; i++)
                flushed += previous[i] != 0f && state.AdamM[i] == 0f ? 1 : 0;
            previous = state.AdamM;
        }
        Assert.Equal(16, flushed);
        AssertNoDenormal("activations", net.Forward(idle.Inputs, 64));
        var gradient = new float[64 * 2];
        Array.Fill(gradient, 1e-39f * 64);
        net.ZeroGradients();
        net.Backward(idle.Inputs, gradient, 64);
        AssertNoDenormal("gradients", net.Gradients);
    }

    static void AssertNoDenormal(string what, ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
            Assert.False(values[i] != 0f && MathF.Abs(values[i]) < Denormals.SmallestNormal,
                $"{what}[{i}] = {values[i]:R} is a denormal");
    }
}
