using NeuralIk.Engine.Optimizers;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Optimizers;

/// <summary>
/// Hand-derived: with a constant gradient g from zero moments, m_t = g(1 − β1ᵗ) and v_t = g²(1 − β2ᵗ),
/// so the t-th step is lr·g / (|g| + ε/√(1 − β2ᵗ)): about lr·sign(g), slightly less because of ε.
/// </summary>
public class AdamTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(1e-6)]
    public void First_steps_match_the_closed_form_for_a_constant_gradient(double g)
    {
        const double lr = 1e-3, beta2 = 0.999, epsilon = 1e-7;
        var adam = new Adam(3, (float)lr);
        float[] parameters = [1f, -1f, 0f];
        var expected = parameters.Select(p => (double)p).ToArray();
        float[] gradients = [(float)g, (float)g, (float)g];
        for (var t = 1; t <= 5; t++)
        {
            adam.Step(parameters, gradients);
            var step = lr * g / (Math.Abs(g) + epsilon / Math.Sqrt(1 - Math.Pow((float)beta2, t)));
            for (var i = 0; i < expected.Length; i++)
                expected[i] -= step;
            Close.All($"after step {t}", expected, parameters, 1e-6, 1e-9);
        }
        Assert.Equal(5, adam.StepCount);
    }

    [Fact]
    public void First_step_of_one_half_gives_the_hand_computed_value()
    {
        // m1 = 0.05, v1 = 0.00025, α1 = 1e-3·√0.001/0.1 = 3.16227766e-4, step = α1·0.05/(0.0158113883 + 1e-7) =
        // 9.9999368e-4
        var adam = new Adam(1);
        float[] p = [1f];
        adam.Step(p, [0.5f]);
        Assert.Equal(1 - 9.9999368e-4, p[0], 1e-7);
    }

    [Fact]
    public void Zero_gradient_leaves_parameters_unchanged()
    {
        var adam = new Adam(2);
        float[] p = [0.25f, -3f];
        adam.Step(p, [0f, 0f]);
        Assert.Equal([0.25f, -3f], p);
    }
}
