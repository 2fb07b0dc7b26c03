using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Losses;

public class FkLossTests
{
    // The 2-link loss written out by hand in double: normalise each (s, c) pair, forward kinematics, squared distance.
    static double TwoLinkOracle(double[] o, float[] target, int batch, double l1, double l2)
    {
        var sum = 0.0;
        for (var b = 0; b < batch; b++)
        {
            var n1 = Math.Sqrt(o[4 * b] * o[4 * b] + o[4 * b + 1] * o[4 * b + 1]);
            var n2 = Math.Sqrt(o[4 * b + 2] * o[4 * b + 2] + o[4 * b + 3] * o[4 * b + 3]);
            var (s1, c1, s2, c2) = (o[4 * b] / n1, o[4 * b + 1] / n1, o[4 * b + 2] / n2, o[4 * b + 3] / n2);
            var x = l1 * c1 + l2 * (c1 * c2 - s1 * s2) - target[2 * b];
            var y = l1 * s1 + l2 * (s1 * c2 + c1 * s2) - target[2 * b + 1];
            sum += x * x + y * y;
        }
        return sum / (batch * (l1 + l2) * (l1 + l2));
    }

    // The N-link loss through angles: θi = atan2(s, c), σk = θ1 + … + θk, P = Σ Lk (cos σk, sin σk), end direction σN.
    static double ChainOracle(double[] o, float[] target, int batch, double[] links, bool orientation)
    {
        var (n, width, reach) = (links.Length, orientation ? 4 : 2, links.Sum());
        var sum = 0.0;
        for (var b = 0; b < batch; b++)
        {
            double sigma = 0, x = 0, y = 0;
            for (var i = 0; i < n; i++)
            {
                sigma += Math.Atan2(o[b * 2 * n + 2 * i], o[b * 2 * n + 2 * i + 1]);
                x += links[i] * Math.Cos(sigma);
                y += links[i] * Math.Sin(sigma);
            }
            var t = target.AsSpan(b * width, width);
            sum += ((x - t[0]) * (x - t[0]) + (y - t[1]) * (y - t[1])) / (reach * reach);
            if (orientation)
                sum += Math.Pow(Math.Cos(sigma) - t[2], 2) + Math.Pow(Math.Sin(sigma) - t[3], 2);
        }
        return sum / batch;
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(1.5, 0.5, 3.0)]
    public void Two_link_gradient_through_normalisation_and_kinematics_matches_central_differences(double l1,
        double l2, double weight)
    {
        var rng = new Rng(61);
        const int batch = 9;
        var output = RandomData.Uniform(rng, 4 * batch, -1.5, 1.5);
        var target = RandomData.Uniform(rng, 2 * batch, -2, 2);
        var gradient = new float[4 * batch];
        var loss = FkLoss.LossAndGradient(output, target, batch, [l1, l2], TaskBounds.PlanarPosition, weight, gradient);
        var o = output.Select(v => (double)v).ToArray();
        Assert.Equal(TwoLinkOracle(o, target, batch, l1, l2), loss, 1e-6);
        var expected = new double[o.Length];
        for (var i = 0; i < o.Length; i++)
            expected[i] = weight * FiniteDifference.Central(o, i, () => TwoLinkOracle(o, target, batch, l1, l2));
        Close.All("weight·dL/dOutput", expected, gradient, 1e-4, 1e-7);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(3, true)]
    [InlineData(5, false)]
    [InlineData(8, true)]
    public void Chain_gradient_matches_central_differences_of_an_angle_based_oracle(int links, bool orientation)
    {
        var rng = new Rng((ulong)(70 + links));
        const int batch = 7;
        var lengths = Enumerable.Range(0, links).Select(_ => rng.Uniform(0.3, 1.4)).ToArray();
        var output = RandomData.Uniform(rng, 2 * links * batch, -1.5, 1.5);
        var width = orientation ? 4 : 2;
        var target = RandomData.Uniform(rng, width * batch, -2, 2);
        var gradient = new float[output.Length];
        var loss = FkLoss.LossAndGradient(output, target, batch, lengths, Kinds.Of(orientation), 2.5, gradient);
        var o = output.Select(v => (double)v).ToArray();
        Assert.Equal(ChainOracle(o, target, batch, lengths, orientation), loss, 1e-6);
        var expected = new double[o.Length];
        for (var i = 0; i < o.Length; i++)
            expected[i] = 2.5 * FiniteDifference.Central(o, i,
                () => ChainOracle(o, target, batch, lengths, orientation));
        Close.All($"{links}-link dL/dOutput", expected, gradient, 1e-4, 1e-7);
    }

    [Fact]
    public void A_pose_that_reaches_its_target_has_zero_loss()
    {
        // θ1 = 0.3, θ2 = 1.1 of a 1-1 arm, outputs scaled by 2 (normalisation must not care).
        var (t1, t2) = (0.3, 1.1);
        float[] output = [(float)(2 * Math.Sin(t1)), (float)(2 * Math.Cos(t1)), (float)(0.5 * Math.Sin(t2)),
            (float)(0.5 * Math.Cos(t2))];
        float[] target = [(float)(Math.Cos(t1) + Math.Cos(t1 + t2)), (float)(Math.Sin(t1) + Math.Sin(t1 + t2))];
        Assert.Equal(0,
            FkLoss.LossAndGradient(output, target, 1, [1, 1], TaskBounds.PlanarPosition, 1, new float[4]), 12);
    }
}
