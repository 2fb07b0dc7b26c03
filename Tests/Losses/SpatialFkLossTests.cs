using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Losses;

/// <summary>
/// The spatial FK loss against an oracle that takes the angles by atan2 and runs <see cref="SpatialChain.Forward"/>
/// (a different path: frames from angles, not from the raw pairs), and its gradient against central differences
/// of that oracle.
/// </summary>
public class SpatialFkLossTests
{
    public static TheoryData<string, bool> Cases() => new()
    {
        { "two", false }, { "two", true }, { "skewed", true }, { "panda", true }, { "ur5", true }, { "ur5", false },
        { "iiwa7", true },
    };

    static SpatialChain Robot(string name) => TestRobots.Named(name);

    // Σ_b (|P − T|² / reach² + [pose] |R e_x − X|² + |R e_y − Y|²) / batch, with θ_i = atan2(s_i, c_i).
    static double Oracle(SpatialChain chain, double[] output, float[] target, int batch, bool pose)
    {
        var (n, width) = (chain.Count, pose ? 9 : 3);
        var loss = 0.0;
        for (var b = 0; b < batch; b++)
        {
            var theta = Enumerable.Range(0, n).Select(i => Math.Atan2(output[b * 2 * n + 2 * i],
                output[b * 2 * n + 2 * i + 1])).ToArray();
            var tip = chain.Forward(theta);
            var t = target.AsSpan(b * width, width);
            var e = tip.P - new Vec3(t[0], t[1], t[2]);
            loss += e.Dot(e) / (chain.Reach * chain.Reach);
            if (pose)
            {
                var (dx, dy) = (tip.Axis(0) - new Vec3(t[3], t[4], t[5]), tip.Axis(1) - new Vec3(t[6], t[7], t[8]));
                loss += dx.Dot(dx) + dy.Dot(dy);
            }
        }
        return loss / batch;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_matches_the_oracle_and_its_gradient_matches_central_differences(string name, bool pose)
    {
        var chain = Robot(name);
        var kind = pose ? TaskBounds.Pose : TaskBounds.Position;
        var (n, batch, width) = (chain.Count, 3, SpatialFkLoss.TargetWidth(kind));
        var rng = new Rng(91);
        var output = new float[batch * 2 * n];
        var target = new float[batch * width];
        for (var b = 0; b < batch; b++)
        {
            for (var i = 0; i < n; i++)
            {
                // Unnormalised pairs, as a network emits them.
                var (angle, length) = (rng.Uniform(-Math.PI, Math.PI), rng.Uniform(0.5, 1.5));
                output[b * 2 * n + 2 * i] = (float)(length * Math.Sin(angle));
                output[b * 2 * n + 2 * i + 1] = (float)(length * Math.Cos(angle));
            }
            var goal = chain.Forward([.. chain.Joints.Select(_ => rng.Uniform(-1, 1))]);
            float[] row = [(float)goal.P.X, (float)goal.P.Y, (float)goal.P.Z, (float)goal.Axis(0).X,
                (float)goal.Axis(0).Y, (float)goal.Axis(0).Z, (float)goal.Axis(1).X, (float)goal.Axis(1).Y,
                (float)goal.Axis(1).Z];
            row.AsSpan(0, width).CopyTo(target.AsSpan(b * width, width));
        }
        var gradient = new float[output.Length];
        var loss = SpatialFkLoss.LossAndGradient(output, target, batch, chain, kind, 2.5, gradient);
        var exact = output.Select(v => (double)v).ToArray();
        var oracle = Oracle(chain, exact, target, batch, pose);
        Assert.Equal(oracle, loss, 10);
        for (var i = 0; i < output.Length; i++)
        {
            var numeric = 2.5 * FiniteDifference.Central(exact, i, () => Oracle(chain, exact, target, batch, pose));
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-5 + 1e-4 * Math.Abs(numeric),
                $"{name} output {i}: analytic {gradient[i]}, central difference {numeric}");
        }
    }

    [Fact]
    public void A_call_allocates_nothing_once_warm()
    {
        var chain = Robot("panda");
        var (batch, width) = (64, SpatialFkLoss.TargetWidth(TaskBounds.Pose));
        var output = new float[batch * 2 * chain.Count];
        output.AsSpan().Fill(0.5f);
        var (target, gradient) = (new float[batch * width], new float[output.Length]);
        SpatialFkLoss.LossAndGradient(output, target, batch, chain, TaskBounds.Pose, 1, gradient);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var loss = SpatialFkLoss.LossAndGradient(output, target, batch, chain, TaskBounds.Pose, 1, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(loss > 0);
    }
}
