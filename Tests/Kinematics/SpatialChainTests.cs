using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Kinematics;

/// <summary>
/// Spatial forward kinematics and the geometric Jacobian: the Jacobian against central differences of FK, and
/// the Franka Panda read from its URDF against the Denavit–Hartenberg table Franka publishes.
/// </summary>
public class SpatialChainTests
{
    public static TheoryData<string> Robots() =>
        new() { "two", "skewed", "panda", "ur5", "iiwa7", "iiwa7-mounted", "planar-3", "planar-6-limited" };

    static SpatialChain Robot(string name) => TestRobots.Named(name);

    // Every arm is a chain: the planar ones as z-axis joints in the plane.
    static IChain Chain(string name) => name switch
    {
        "planar-3" => new PlanarChain([1.0, 0.8, 0.5]),
        "planar-6-limited" => new PlanarChain([1.0, 0.9, 0.8, 0.7, 0.6, 0.5],
            JointRange.ParseList("-3,3;-2,2;-2,2;-1,1;-1,1;-0.5,0.5")),
        _ => Robot(name),
    };

    // A random pose within the limits (continuous joints anywhere on the circle).
    static double[] Pose(IChain chain, Rng rng) => [.. chain.Ranges.Select(r =>
        rng.Uniform(Math.Max(r.Lo, -2 * Math.PI), Math.Min(r.Hi, 2 * Math.PI)))];

    // A refinement takes the pose from the Jacobian's walk instead of a second FK: the same bits.
    [Theory]
    [MemberData(nameof(Robots))]
    public void The_jacobian_walk_returns_the_pose_forward_kinematics_gives(string name)
    {
        var chain = Chain(name);
        var rng = new Rng(72);
        var j = new double[6 * chain.Count];
        for (var trial = 0; trial < 20; trial++)
        {
            var q = Pose(chain, rng);
            Assert.Equal(chain.Forward(q), chain.Jacobian(q, j));
        }
    }

    [Theory]
    [MemberData(nameof(Robots))]
    public void The_jacobian_is_the_derivative_of_forward_kinematics(string name)
    {
        var chain = Chain(name);
        var rng = new Rng(71);
        var n = chain.Count;
        var j = new double[6 * n];
        for (var trial = 0; trial < 20; trial++)
        {
            var q = Pose(chain, rng);
            chain.Jacobian(q, j);
            for (var i = 0; i < n; i++)
            {
                // Linear rows: the tip's position; angular rows: ω from R(q + h) R(q − h)ᵀ ≈ I + 2h [ω]×.
                var dp = new double[3];
                for (var row = 0; row < 3; row++)
                {
                    var r = row;
                    dp[r] = FiniteDifference.Central(q, i, () => Component(chain.Forward(q).P, r));
                    Assert.Equal(dp[r], j[r * n + i], 6);
                }
                var (plus, minus) = (Turned(chain, q, i, 1e-6), Turned(chain, q, i, -1e-6));
                var w = Spin(plus, minus, 2e-6);
                Assert.Equal(w.X, j[3 * n + i], 6);
                Assert.Equal(w.Y, j[4 * n + i], 6);
                Assert.Equal(w.Z, j[5 * n + i], 6);
            }
        }
    }

    // Franka's published kinematics (FCI documentation, "Robot and interface specifications", modified DH after
    // Craig): per joint a, d, α; T_i = Rx(α) · Tx(a) · Rz(θ_i) · Tz(d), then the flange at d = 0.107.
    static readonly (double A, double D, double Alpha)[] PandaDh =
    [
        (0, 0.333, 0), (0, 0, -Math.PI / 2), (0, 0.316, Math.PI / 2), (0.0825, 0, Math.PI / 2),
        (-0.0825, 0.384, -Math.PI / 2), (0, 0, Math.PI / 2), (0.088, 0, Math.PI / 2),
    ];

    [Fact]
    public void The_panda_from_its_urdf_matches_frankas_dh_table()
    {
        var chain = Robot("panda");
        Assert.Equal(7, chain.Count);
        var rng = new Rng(72);
        for (var trial = 0; trial < 50; trial++)
        {
            var q = Pose(chain, rng);
            var dh = Frame.Identity;
            for (var i = 0; i < 7; i++)
            {
                var (a, d, alpha) = PandaDh[i];
                dh = dh * Frame.Rotation(new Vec3(1, 0, 0), alpha) * Frame.Translation(new Vec3(a, 0, 0))
                    * Frame.Rotation(new Vec3(0, 0, 1), q[i]) * Frame.Translation(new Vec3(0, 0, d));
            }
            dh *= Frame.Translation(new Vec3(0, 0, 0.107));
            var fk = chain.Forward(q);
            // The URDF writes π/2 as 1.57079632679, 5e-12 short: micrometre agreement is the check.
            Assert.True((fk.P - dh.P).Length < 1e-9, $"{string.Join(", ", q)}: {fk.P} against {dh.P}");
            for (var axis = 0; axis < 3; axis++)
                Assert.True((fk.Axis(axis) - dh.Axis(axis)).Length < 1e-9);
        }
        Assert.Equal(-3.0718, chain.Joints[3].Range.Lo);
        Assert.Equal(3.7525, chain.Joints[5].Range.Hi);
    }

    [Fact]
    public void The_ur5_chain_runs_from_its_base_to_its_tool_with_six_joints()
    {
        var chain = Robot("ur5");
        Assert.Equal(6, chain.Count);
        Assert.Equal("shoulder_pan_joint", chain.Joints[0].Name);
        Assert.Equal("wrist_3_joint", chain.Joints[^1].Name);
        // Every offset laid end to end bounds the reach: no pose puts the tool farther from the base.
        var rng = new Rng(73);
        for (var trial = 0; trial < 200; trial++)
            Assert.True(chain.Forward(Pose(chain, rng)).P.Length <= chain.Reach);
    }

    [Fact]
    public void A_planar_arm_as_a_chain_is_its_own_forward_kinematics_in_the_plane()
    {
        var planar = new PlanarChain([1.0, 0.8, 0.5]);
        IChain chain = planar;
        var rng = new Rng(74);
        var points = new Vec3[5];
        for (var trial = 0; trial < 20; trial++)
        {
            var q = Pose(chain, rng);
            var (pose, frame) = (planar.Forward(q), chain.Forward(q));
            Assert.Equal((pose.X, pose.Y, 0.0), (frame.P.X, frame.P.Y, frame.P.Z));
            // The tip turned by φ about z: its x axis at angle φ in the plane.
            Assert.Equal(Math.Cos(pose.Phi), frame.Axis(0).X, 12);
            Assert.Equal(Math.Sin(pose.Phi), frame.Axis(0).Y, 12);
            Assert.Equal(1, frame.Axis(2).Z, 12);
            chain.Points(q, points);
            Assert.Equal(Vec3.Zero, points[1]);
            Assert.Equal(frame.P, points[4]);
        }
        Assert.Equal(["theta1", "theta2", "theta3"], chain.Names);
    }

    // Every kind of joint FK walks apart: a turn about ±x, ±y, ±z of its own frame (two columns mixed), about a
    // tilted axis (a rotation built and multiplied), and a slide.
    [Fact]
    public void Forward_kinematics_of_every_axis_matches_homogeneous_matrices()
    {
        var rng = new Rng(72);
        Vec3[] axes = [new(1, 0, 0), new(0, -1, 0), new(0, 0, 1), new(-1, 0, 0), new(0, 1, 0), new(0, 0, -1),
            new Vec3(1, 2, -2).Direction(), new Vec3(0, 0.6, 0.8)];
        var joints = axes.Select((axis, i) => new SpatialJoint($"j{i}", i == 7 ? JointType.Prismatic
            : JointType.Revolute, Frame.FromXyzRpy(new Vec3(rng.Uniform(-0.3, 0.3), rng.Uniform(-0.3, 0.3),
                rng.Uniform(0, 0.4)), rng.Uniform(-3, 3), rng.Uniform(-1.5, 1.5), rng.Uniform(-3, 3)), axis,
            new JointRange(-3, 3), i + 1)).ToList();
        var tip = Frame.FromXyzRpy(new Vec3(0.1, 0, 0.05), 0.3, 0, 0);
        var chain = new SpatialChain("base", "tip", joints, tip);
        var points = new Vec3[joints.Count + 2];
        for (var trial = 0; trial < 20; trial++)
        {
            double[] q = [.. axes.Select(_ => rng.Uniform(-3, 3))];
            var expected = Homogeneous.Identity();
            for (var i = 0; i < joints.Count; i++)
            {
                expected = Homogeneous.Multiply(expected, Matrix(joints[i].Origin));
                var motion = i == 7 ? Translation(q[i] * axes[i]) : Rodrigues(axes[i], q[i]);
                expected = Homogeneous.Multiply(expected, motion);
            }
            expected = Homogeneous.Multiply(expected, Matrix(tip));
            var frame = chain.Forward(q);
            chain.Points(q, points);
            for (var r = 0; r < 3; r++)
            {
                Assert.Equal(expected[r, 3], Component(frame.P, r), 12);
                Assert.Equal(expected[r, 3], Component(points[^1], r), 12);
                for (var c = 0; c < 3; c++)
                    Assert.Equal(expected[r, c], Component(frame.Axis(c), r), 12);
            }
        }
    }

    static double[,] Matrix(Frame f)
    {
        var m = Homogeneous.Identity();
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
                m[r, c] = Component(f.Axis(c), r);
            m[r, 3] = Component(f.P, r);
        }
        return m;
    }

    static double[,] Translation(Vec3 p)
    {
        var m = Homogeneous.Identity();
        (m[0, 3], m[1, 3], m[2, 3]) = (p.X, p.Y, p.Z);
        return m;
    }

    // R = I + sin θ [k]× + (1 − cos θ) [k]×², built from the axis alone.
    static double[,] Rodrigues(Vec3 k, double angle)
    {
        double[,] skew = { { 0, -k.Z, k.Y, 0 }, { k.Z, 0, -k.X, 0 }, { -k.Y, k.X, 0, 0 }, { 0, 0, 0, 0 } };
        var square = Homogeneous.Multiply(skew, skew);
        var m = Homogeneous.Identity();
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
                m[r, c] += Math.Sin(angle) * skew[r, c] + (1 - Math.Cos(angle)) * square[r, c];
        }
        return m;
    }

    static double Component(Vec3 v, int i) => i switch { 0 => v.X, 1 => v.Y, _ => v.Z };

    static Frame Turned(IChain chain, double[] q, int i, double h)
    {
        var moved = (double[])q.Clone();
        moved[i] += h;
        return chain.Forward(moved);
    }

    // ω with R₊ R₋ᵀ ≈ I + Δt [ω]×: the skew part of the relative rotation over the time step.
    static Vec3 Spin(Frame plus, Frame minus, double dt)
    {
        Vec3 Column(int c) => plus.Rotate(new Vec3(minus.Axis(0).Dot(Unit(c)), minus.Axis(1).Dot(Unit(c)),
            minus.Axis(2).Dot(Unit(c))));
        var (c0, c1, c2) = (Column(0), Column(1), Column(2));
        return new Vec3((c1.Z - c2.Y) / (2 * dt), (c2.X - c0.Z) / (2 * dt), (c0.Y - c1.X) / (2 * dt));
    }

    static Vec3 Unit(int c) => c switch { 0 => new Vec3(1, 0, 0), 1 => new Vec3(0, 1, 0), _ => new Vec3(0, 0, 1) };
}
