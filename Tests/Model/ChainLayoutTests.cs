using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Model;

public class ChainLayoutTests
{
    [Theory]
    [InlineData(2, false, 2, 4, 0)]
    [InlineData(3, true, 4, 6, 0)]
    [InlineData(3, false, 4, 6, 1)]
    [InlineData(4, true, 6, 8, 1)]
    [InlineData(6, false, 10, 12, 4)]
    public void Sizes_follow_the_free_links(int joints, bool orientation, int inputs, int outputs, int free)
    {
        var layout = new ChainLayout(joints, Kinds.Of(orientation));
        Assert.Equal((inputs, outputs, free), (layout.Inputs, layout.Outputs, layout.Free));
    }

    [Fact]
    public void A_2_link_position_layout_is_the_2_link_solver_layout()
    {
        var arm = new Arm(1.2, 0.7);
        var layout = new ChainLayout(2, TaskBounds.PlanarPosition);
        foreach (var elbow in new[] { Elbow.Up, Elbow.Down })
        {
            var target = new Point2(0.9, -1.1);
            var analytic = AnalyticIk.Solve(arm, target.X, target.Y).Branch(elbow);
            var label = new float[4];
            layout.Label([analytic.Theta1, analytic.Theta2], Math.Atan2(target.Y, target.X), label);
            var (sa, ca, s2, c2) = ClosedFormSamples.Label(arm, target.Radius, elbow);
            Assert.Equal([(float)sa, (float)ca, (float)s2, (float)c2], label, (a, b) => Math.Abs(a - b) < 1e-6);
            var inputs = new float[2];
            layout.Encode(layout.Scaler(arm.Reach), new Pose2(target.X, target.Y, 0), elbow, [], inputs);
            // r over [0, reach] maps to [−1, 1]: 2r / reach − 1.
            Assert.Equal(2 * target.Radius / arm.Reach - 1, inputs[0], 1e-6);
            Assert.Equal(elbow == Elbow.Up ? 1f : -1f, inputs[1]);
        }
    }

    [Fact]
    public void Label_then_decode_gives_the_pose_back_for_any_direction()
    {
        var rng = new Rng(31);
        var layout = new ChainLayout(6, TaskBounds.PlanarPosition);
        for (var k = 0; k < 200; k++)
        {
            var theta = Enumerable.Range(0, 6).Select(_ => rng.Uniform(-Math.PI, Math.PI)).ToArray();
            var psi = rng.Uniform(-Math.PI, Math.PI);
            var label = new float[12];
            layout.Label(theta, psi, label);
            var back = new double[6];
            layout.Decode(label, psi, back);
            Assert.True(Angles.Distance(theta, back) < 1e-6);
        }
    }

    [Fact]
    public void A_2_link_arm_has_no_full_pose() =>
        Assert.Throws<ArgumentException>(() => new ChainLayout(2, TaskBounds.PlanarPose));
}

public class JointSpaceSamplesTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rows_are_poses_within_the_limits_that_reach_their_rotated_targets_with_their_posture(bool orientation)
    {
        var chain = new PlanarChain([1.0, 0.8, 0.6, 0.4], JointRange.ParseList("-2.5,2.5;-2,1;-1.5,1.5;0.2,3"));
        var layout = new ChainLayout(4, Kinds.Of(orientation));
        var scaler = layout.Scaler(chain.Reach);
        var set = JointSpaceSamples.Draw(chain, layout, 3000, new Rng(5), scaler);
        var width = layout.Outputs + layout.FkWidth;
        Assert.Equal(width, set.OutputCount);
        for (var i = 0; i < set.Count; i++)
        {
            var row = set.Targets.AsSpan(i * width, width);
            var input = set.Inputs.AsSpan(i * layout.Inputs, layout.Inputs);
            // Decode in the rotated frame (ψ = 0): the target lies on the x axis at r.
            var theta = new double[4];
            layout.Decode(row[..layout.Outputs], 0, theta);
            var p = chain.Forward(theta);
            Assert.True(Math.Abs(p.X - row[layout.Outputs]) < 1e-5 && Math.Abs(p.Y) < 1e-5, $"row {i} reaches {p}");
            Assert.True(theta.Skip(1).Select((t, j) => chain.Limits[j + 1].Contains(t, 1e-5)).All(x => x),
                $"row {i}: [{string.Join(", ", theta)}]");
            Assert.Equal(scaler.Transform(0, row[layout.Outputs]), input[0], 1e-6);
            Assert.Equal(theta[1] > 0 ? -1f : 1f, input[1]);
            var directions = new double[layout.Free];
            Posture.Of(theta, Kinds.Of(orientation), directions);
            var at = orientation ? 4 : 2;
            for (var k = 0; k < layout.Free; k++)
                Assert.True(Angles.Distance(Math.Atan2(input[at + 2 * k], input[at + 2 * k + 1]),
                    directions[k]) < 1e-5);
            if (orientation)
            {
                Assert.True(Angles.Distance(Math.Atan2(input[2], input[3]), p.Phi) < 1e-5);
                Assert.True(Angles.Distance(Math.Atan2(row[layout.Outputs + 3], row[layout.Outputs + 2]),
                    p.Phi) < 1e-5);
            }
        }
    }
}
