using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Solving;

/// <summary>
/// The one refiner on spatial chains: from a start near a pose within the limits it reaches the pose's frame
/// (or position) to 1e-9 × reach, checked by recomputing forward kinematics here; and the rotation error it
/// measures by is the rotation vector, checked against the rotations it comes from.
/// </summary>
public class SpatialRefinerTests
{
    public static TheoryData<string, bool> Cases() => new()
    {
        { "two", true }, { "panda", true }, { "panda", false }, { "ur5", true }, { "ur5", false }, { "iiwa7", true },
    };

    static SpatialChain Robot(string name) => TestRobots.Named(name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void From_a_nearby_start_the_refiner_reaches_the_target_frame(string name, bool pose)
    {
        var chain = Robot(name);
        var kind = pose ? TaskBounds.Pose : TaskBounds.Position;
        var rng = new Rng(81);
        var tolerance = 1e-9 * chain.Reach;
        for (var trial = 0; trial < 50; trial++)
        {
            // A pose well inside the limits, so that the start near it is inside them too.
            var goal = chain.Joints.Select(j => j.Type == JointType.Continuous ? rng.Uniform(-3, 3)
                : rng.Uniform(Math.Max(j.Range.Lo, -6) + 0.2, Math.Min(j.Range.Hi, 6) - 0.2)).ToArray();
            var target = chain.Forward(goal);
            var q = goal.Select(g => g + rng.Uniform(-0.1, 0.1)).ToArray();
            var result = Refiner.Refine(new ChainTarget(chain, target, kind), q, tolerance, 50);
            var reached = chain.Forward(q);
            Assert.True(result.Residual <= tolerance, $"{name} trial {trial}: residual {result.Residual:E2}");
            Assert.True((reached.P - target.P).Length <= tolerance, $"{name}: FK misses by {(reached.P - target.P)}");
            if (pose)
                Assert.True(Angle(reached, target) <= 1e-9, $"{name}: orientation off by {Angle(reached, target)}");
            Assert.True(chain.WithinLimits(q));
        }
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(2.0)]
    [InlineData(3.1)]
    [InlineData(Math.PI - 1e-9)]
    public void The_rotation_vector_is_the_angle_times_the_axis(double angle)
    {
        var rng = new Rng(82);
        for (var trial = 0; trial < 20; trial++)
        {
            var axis = new Vec3(rng.Uniform(-1, 1), rng.Uniform(-1, 1), rng.Uniform(-1, 1));
            axis = (1 / axis.Length) * axis;
            var w = Frame.Rotation(axis, angle).RotationVector();
            // Near a half turn ±axis are the same rotation.
            var sign = w.Dot(axis) < 0 ? -1 : 1;
            Assert.True((w - sign * angle * axis).Length < 1e-6, $"{axis} by {angle}: {w}");
        }
    }

    // The angle θ of the rotation between two frames without its axis: the three axes move by chords c_i with
    // Σ c_i² = 2 (3 − trace) = 8 sin²(θ/2).
    static double Angle(Frame a, Frame b)
    {
        var sum = 0.0;
        for (var i = 0; i < 3; i++)
            sum += (a.Axis(i) - b.Axis(i)).Dot(a.Axis(i) - b.Axis(i));
        return 2 * Math.Asin(Math.Min(1, Math.Sqrt(sum / 8)));
    }
}
