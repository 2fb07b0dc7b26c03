using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Losses;

public class MseTests
{
    [Fact]
    public void Hand_computed_loss()
    {
        // ((1 − 0)² + (−2 − 1)² + (0.5 − 0.5)² + (3 − 1)²) / 4 = (1 + 9 + 0 + 4) / 4 = 3.5
        Assert.Equal(3.5, Mse.Loss([1f, -2f, 0.5f, 3f], [0f, 1f, 0.5f, 1f]), 12);
    }

    [Fact]
    public void Gradient_matches_central_differences()
    {
        var rng = new Rng(31);
        var predicted = RandomData.Uniform(rng, 14, -3, 3);
        var target = RandomData.Uniform(rng, 14, -3, 3);
        var gradient = new float[14];
        Mse.LossAndGradient(predicted, target, gradient);
        var p = predicted.Select(v => (double)v).ToArray();
        var expected = new double[14];
        for (var i = 0; i < 14; i++)
            expected[i] = FiniteDifference.Central(p, i,
                () => p.Select((v, j) => (v - target[j]) * (v - target[j])).Sum() / 14);
        Close.All("dMSE/dp", expected, gradient, 1e-5, 1e-7);
    }

    [Fact]
    public void Length_mismatch_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => Mse.Loss([1f, 2f], [1f]));
    }
}
