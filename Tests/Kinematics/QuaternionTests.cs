using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using Xunit;

namespace NeuralIk.Tests.Kinematics;

/// <summary>
/// Targets given as quaternions: against Rodrigues' rotation (<see cref="Frame.Rotation"/>) for the quaternion
/// (sin(θ/2)·k, cos(θ/2)) of a turn θ about k; the conversion back; and the norm rules for what users type.
/// </summary>
public class QuaternionTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(2.5)]
    [InlineData(Math.PI - 1e-7)]
    [InlineData(Math.PI)]
    public void A_quaternion_is_the_turn_it_encodes_and_comes_back(double angle)
    {
        var rng = new Rng(17);
        for (var trial = 0; trial < 50; trial++)
        {
            var k = new Vec3(rng.Uniform(-1, 1), rng.Uniform(-1, 1), rng.Uniform(-1, 1));
            k = (1 / k.Length) * k;
            var s = Math.Sin(angle / 2);
            var p = new Vec3(rng.Uniform(-1, 1), rng.Uniform(-1, 1), rng.Uniform(-1, 1));
            var frame = Frame.FromQuaternion(p, s * k.X, s * k.Y, s * k.Z, Math.Cos(angle / 2));
            var rodrigues = Frame.Rotation(k, angle);
            for (var j = 0; j < 3; j++)
                Assert.True((frame.Axis(j) - rodrigues.Axis(j)).Length < 1e-14, $"column {j} at {angle}");
            Assert.Equal(p, frame.P);
            var (x, y, z, w) = frame.Quaternion();
            var again = Frame.FromQuaternion(p, x, y, z, w);
            for (var j = 0; j < 3; j++)
                Assert.True((again.Axis(j) - frame.Axis(j)).Length < 1e-14, $"round trip, column {j} at {angle}");
            Assert.True(w >= 0);
        }
    }

    [Fact]
    public void A_norm_within_the_slack_is_normalised_and_a_farther_one_refused()
    {
        var unit = Frame.FromQuaternion(Vec3.Zero, 0.6, 0, 0, 0.8);
        var near = Frame.FromQuaternion(Vec3.Zero, 0.6 * 1.0009, 0, 0, 0.8 * 1.0009);
        for (var j = 0; j < 3; j++)
            Assert.True((unit.Axis(j) - near.Axis(j)).Length < 1e-15);
        Assert.Contains("norm is 0", Assert.Throws<ArgumentException>(() =>
            Frame.FromQuaternion(Vec3.Zero, 0, 0, 0, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("norm is 1.002", Assert.Throws<ArgumentException>(() =>
            Frame.FromQuaternion(Vec3.Zero, 0, 0, 0, 1.002)).Message, StringComparison.Ordinal);
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() =>
            Frame.FromQuaternion(new Vec3(double.NaN, 0, 0), 0, 0, 0, 1)).Message, StringComparison.Ordinal);
    }
}
