using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Kernels;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Model;

/// <summary>
/// Backpropagation (Dense, fused ReLU or tanh, MSE) against central differences of an independent
/// double-precision forward pass, for every kernel implementation and several architectures.
/// </summary>
public class MlpGradientTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var kernel in new[] { "reference", "tensor-primitives", "blocked" })
        {
            foreach (var sizes in new[] { "3-4", "3-5-2", "2-16-16-2", "2-9-7-5-3", "2-40-33-2", "2-64-66-3" })
                data.Add(kernel, sizes);
            foreach (var sizes in new[] { "3-5-2", "2-9-7-5-3", "2-64-66-3" })
                data.Add(kernel, sizes + " tanh");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parameter_gradients_match_central_differences(string kernel, string architecture)
    {
        var sizes = architecture.Split(' ')[0].Split('-').Select(int.Parse).ToArray();
        IDenseKernels kernels = kernel switch
        {
            "reference" => DenseReference.Instance,
            "tensor-primitives" => DenseTensorPrimitives.Instance,
            _ => DenseBlocked.Instance,
        };
        var rng = new Rng(41);
        var net = new Mlp(sizes, kernels, architecture.EndsWith(" tanh") ? Activation.Tanh : Activation.Relu);
        net.InitializeGlorot(rng);
        foreach (ref var p in net.Parameters)
            p += (float)rng.Uniform(-0.1, 0.1);
        const int batch = 7;
        var x = RandomData.Uniform(rng, batch * sizes[0]);
        var target = RandomData.Uniform(rng, batch * sizes[^1]);

        var output = net.Forward(x, batch);
        var dOut = new float[output.Length];
        Mse.LossAndGradient(output, target, dOut);
        net.ZeroGradients();
        net.Backward(x, dOut, batch);

        var oracle = DoubleMlp.From(net);
        var expected = new double[net.Parameters.Length];
        for (var i = 0; i < expected.Length; i++)
            expected[i] = FiniteDifference.Central(oracle.Parameters, i, () => oracle.MseLoss(x, target, batch));
        var scale = expected.Max(Math.Abs);
        var gradients = new float[expected.Length];
        net.Reorder(net.Gradients, gradients, toPlain: true);
        Close.All($"{kernel} {architecture} dLoss/dParameters", expected, gradients, 2e-3, 1e-4 * scale);
    }

    [Fact]
    public void Backward_accumulates_until_gradients_are_zeroed()
    {
        var rng = new Rng(42);
        var net = new Mlp([2, 8, 2]);
        net.InitializeGlorot(rng);
        var x = RandomData.Uniform(rng, 6);
        var dOut = RandomData.Uniform(rng, 6);
        net.Forward(x, 3);
        net.ZeroGradients();
        net.Backward(x, dOut, 3);
        var once = net.Gradients.ToArray();
        net.Backward(x, dOut, 3);
        Close.All("twice the gradient", [.. once.Select(g => 2.0 * g)], net.Gradients, 1e-6, 1e-7);
        net.ZeroGradients();
        Assert.All(net.Gradients, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Glorot_weights_lie_within_the_limit_and_biases_are_zero()
    {
        var net = new Mlp([2, 256, 256, 128, 128, 2]);
        net.InitializeGlorot(new Rng(1));
        foreach (var layer in net.Layers)
        {
            var limit = Math.Sqrt(6.0 / (layer.Inputs + layer.Outputs));
            var weights = net.Parameters.Slice(layer.WeightOffset, layer.WeightCount).ToArray();
            Assert.All(weights, w => Assert.InRange(Math.Abs(w), 0, limit));
            Assert.True(weights.Max(Math.Abs) > 0.9 * limit, "weights should fill the Glorot range");
            Assert.All(layer.Bias(net.Parameters).ToArray(), b => Assert.Equal(0f, b));
        }
        Assert.Equal(2 * 256 + 256 + 256 * 256 + 256 + 256 * 128 + 128 + 128 * 128 + 128 + 128 * 2 + 2,
            net.Parameters.Length);
    }
}
