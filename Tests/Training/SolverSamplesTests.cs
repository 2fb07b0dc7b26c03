using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using Xunit;

namespace NeuralIk.Tests.Training;

public class ClosedFormSamplesTests
{
    [Fact]
    public void Labels_are_the_analytic_pose_and_respect_joint_2_limits()
    {
        var arm = new Arm(1.2, 0.7);
        var limits = new JointLimits(JointRange.Full, new JointRange(-2.6, 1.0));
        var scaler = new ChainLayout(2, TaskBounds.PlanarPosition).Scaler(arm.Reach);
        var set = ClosedFormSamples.Draw(arm, limits, 5000, new Rng(3), scaler);
        for (var i = 0; i < set.Count; i++)
        {
            var t = set.Targets.AsSpan(i * 6, 6);
            var r = t[4];
            var theta2 = Math.Atan2(t[2], t[3]);
            Assert.InRange(theta2, -2.6 - 1e-6, 1.0 + 1e-6);
            Assert.InRange(r, arm.InnerRadius - 1e-6, arm.Reach + 1e-6);
            // The label, rotated by any direction φ, must reach the target at distance r in direction φ.
            var phi = 0.7;
            var q = new double[2];
            new ChainLayout(2, TaskBounds.PlanarPosition).Decode(t[..4], phi, q);
            var reached = arm.Forward(q[0], q[1]);
            Assert.True(reached.DistanceTo(new Point2(r * Math.Cos(phi), r * Math.Sin(phi))) < 1e-5,
                $"row {i}: r {r}, reached {reached}");
            Assert.Equal(set.Inputs[2 * i + 1] > 0 ? Elbow.Up : Elbow.Down, theta2 <= 0 ? Elbow.Up : Elbow.Down);
        }
    }
}
