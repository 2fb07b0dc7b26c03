using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Kinematics;

/// <summary>
/// The project's UR5 file against the Denavit–Hartenberg parameters it was written from: forward kinematics as
/// the product of the DH matrices Rz(θ) Tz(d) Tx(a) Rx(α), computed here by hand.
/// </summary>
public class RobotFileTests
{
    static readonly (double D, double A, double Alpha)[] Dh =
    [
        (0.089159, 0, Math.PI / 2), (0, -0.425, 0), (0, -0.39225, 0), (0.10915, 0, Math.PI / 2),
        (0.09465, 0, -Math.PI / 2), (0.0823, 0, 0),
    ];

    [Fact]
    public void The_ur5_file_moves_as_its_dh_parameters_say()
    {
        var chain = TestRobots.Named("ur5-dh");
        Assert.Equal(6, chain.Count);
        Assert.All(chain.Joints, j => Assert.Equal(2 * Math.PI, j.Range.Hi, 12));
        var rng = new Rng(5);
        for (var trial = 0; trial < 100; trial++)
        {
            var q = Enumerable.Range(0, 6).Select(_ => rng.Uniform(-Math.PI, Math.PI)).ToArray();
            var expected = DhForward(q);
            var actual = chain.Forward(q);
            double[] got = [actual.Row0.X, actual.Row0.Y, actual.Row0.Z, actual.P.X, actual.Row1.X, actual.Row1.Y,
                actual.Row1.Z, actual.P.Y, actual.Row2.X, actual.Row2.Y, actual.Row2.Z, actual.P.Z];
            for (var i = 0; i < 12; i++)
                Assert.True(Math.Abs(expected[i / 4, i % 4] - got[i]) < 1e-12, $"trial {trial}, entry {i}");
        }
    }

    [Fact]
    public void The_points_a_picture_draws_are_the_origins_of_the_dh_frames()
    {
        var chain = TestRobots.Named("ur5-dh");
        var rng = new Rng(6);
        var points = new Vec3[8];
        for (var trial = 0; trial < 20; trial++)
        {
            var q = Enumerable.Range(0, 6).Select(_ => rng.Uniform(-Math.PI, Math.PI)).ToArray();
            chain.Points(q, points);
            Assert.Equal(Vec3.Zero, points[0]);
            // Joint i + 1 turns about z of DH frame i, at that frame's origin; the tip is frame 6.
            for (var i = 0; i <= 6; i++)
            {
                var frame = DhForward(q, i);
                var expected = new Vec3(frame[0, 3], frame[1, 3], frame[2, 3]);
                Assert.True((points[i + 1] - expected).Length < 1e-12, $"trial {trial}, point {i + 1}");
            }
        }
    }

    // T = Π Rz(θ) Tz(d) Tx(a) Rx(α) as 4×4 matrices, over the first <paramref name="joints"/> joints.
    static double[,] DhForward(double[] q, int joints = 6)
    {
        var t = Homogeneous.Identity();
        for (var i = 0; i < joints; i++)
        {
            var (ct, st) = (Math.Cos(q[i]), Math.Sin(q[i]));
            var (ca, sa) = (Math.Cos(Dh[i].Alpha), Math.Sin(Dh[i].Alpha));
            var step = new double[,]
            {
                { ct, -st * ca, st * sa, Dh[i].A * ct },
                { st, ct * ca, -ct * sa, Dh[i].A * st },
                { 0, sa, ca, Dh[i].D },
                { 0, 0, 0, 1 },
            };
            t = Homogeneous.Multiply(t, step);
        }
        return t;
    }
}
