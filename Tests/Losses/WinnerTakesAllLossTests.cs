using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Losses;

/// <summary>
/// Several heads per row, the nearest one's squared error the row's loss: against values by hand, central differences
/// (the winner's gradient is the loss's), and a two-answer problem that MSE averages and two heads learn.
/// </summary>
public class WinnerTakesAllLossTests
{
    [Fact]
    public void Hand_computed_loss_and_gradient()
    {
        // Two rows of two heads of width 2. Row 0: target (1, 0); heads (0.9, 0.1), sse 0.02, and (0, 1), sse 2: head 0
        // wins. Row 1: target (0, −1); heads (1, 1), sse 5, and (0.5, −1), sse 0.25: head 1 wins.
        // Loss (0.02 + 0.25) / (2 rows · 2) = 0.0675. The winner's gradient 2 (p − t) / 4 = 0.5 (p − t), the other
        // head's 0.1 of that: row 0 (−0.05, 0.05) and 0.05 · (−1, 1); row 1 0.05 · (1, 2) and 0.5 · (0.5, 0).
        float[] output = [0.9f, 0.1f, 0f, 1f, 1f, 1f, 0.5f, -1f];
        float[] target = [1f, 0f, 0f, -1f];
        var gradient = new float[8];
        var loss = new WinnerTakesAllLoss(2, 2, 0.1f);
        Assert.Equal(0.0675, loss.LossAndGradient(output, target, 2, gradient), 6);
        Assert.Equal(0.0675, loss.Loss(output, target, 2), 6);
        double[] hand = [-0.05, 0.05, -0.05, 0.05, 0.05, 0.1, 0.25, 0];
        Close.All("winner-takes-all gradient", hand, gradient, 1e-6, 1e-7);
    }

    [Fact]
    public void The_winners_gradient_is_the_losss()
    {
        var rng = new Rng(41);
        const int rows = 5, heads = 3, width = 4;
        var output = RandomData.Uniform(rng, rows * heads * width, -2, 2);
        var target = RandomData.Uniform(rng, rows * width, -2, 2);
        var gradient = new float[output.Length];
        var loss = new WinnerTakesAllLoss(heads, width, 0);
        loss.LossAndGradient(output, target, rows, gradient);
        var p = output.Select(v => (double)v).ToArray();
        var expected = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
            expected[i] = FiniteDifference.Central(p, i, () => loss.Loss([.. p.Select(v => (float)v)], target, rows),
                1e-3);
        Close.All("dL/dp", expected, gradient, 1e-3, 1e-5);
    }

    // Each row's target is +x or −x: a network trained by MSE learns their average, 0; two heads trained
    // winner-takes-all learn one answer each.
    [Fact]
    public void Two_heads_learn_the_two_answers_one_network_averages()
    {
        const int rows = 4096;
        var rng = new Rng(3);
        var (x, y) = (new float[rows], new float[rows]);
        for (var r = 0; r < rows; r++)
        {
            x[r] = (float)rng.Uniform(-1, 1);
            y[r] = rng.Uniform(0, 1) < 0.5 ? x[r] : -x[r];
        }
        var set = new SampleSet(x, y, 1, 1);
        var options = new TrainingOptions { Epochs = 30, BatchSize = 64, LearningRate = 3e-3f, Seed = 5 };
        var (heads, plain) = (new Mlp([1, 32, 32, 2]), new Mlp([1, 32, 32, 1]));
        ForwardMapRecipe.Train(heads, options, set, set, null, null, loss: new WinnerTakesAllLoss(2, 1));
        ForwardMapRecipe.Train(plain, options, set, set, null, null);
        foreach (var at in new[] { -0.8f, -0.4f, 0.5f, 0.9f })
        {
            var both = heads.Forward([at], 1).ToArray().Order().ToArray();
            Assert.True(Math.Abs(both[0] + Math.Abs(at)) < 0.1 && Math.Abs(both[1] - Math.Abs(at)) < 0.1,
                $"at {at}: heads {both[0]:F3}, {both[1]:F3}");
            Assert.True(Math.Abs(plain.Forward([at], 1)[0]) < 0.1, $"at {at}: one network {plain.Forward([at], 1)[0]}");
        }
    }
}
