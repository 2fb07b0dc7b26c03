using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Kinematics;

/// <summary>
/// FK from a network's (sin, cos) pairs, as the direct guess's heads are ranked: against FK of the angles atan2 gives,
/// pairs of any length (the network's are not unit) and (0, 0); and their errors eight poses at a time in float
/// against the position error plus the reach times 2 sin(θ/2), θ the rotation's angle, computed in double.
/// </summary>
public class PairsForwardTests
{
    public static TheoryData<string> Arms =>
        ["every-axis", "every-axis-sliding", "iiwa7-mounted", "panda", "iiwa7-offset", "panda-offset"];

    [Theory]
    [MemberData(nameof(Arms))]
    public void Pairs_give_the_pose_and_the_error_of_their_angles(string name)
    {
        var chain = Arm(name);
        var (n, count) = (chain.Count, 11);
        var rng = new Rng(9);
        var (pairs, q, errors) = (new float[count * 2 * n], new double[count * n], new double[count]);
        for (var trial = 0; trial < 10; trial++)
        {
            var drawn = new double[n];
            PoseSampler.Draw(chain, rng, drawn);
            var target = chain.Forward(drawn);
            for (var k = 0; k < count; k++)
            {
                for (var j = 0; j < n; j++)
                {
                    var angle = rng.Uniform(-3, 3);
                    var length = rng.Uniform(0.5, 1.5);
                    var (s, c) = k == 3 && j == 2 ? (0f, 0f)
                        : ((float)(length * Math.Sin(angle)), (float)(length * Math.Cos(angle)));
                    (pairs[k * 2 * n + 2 * j], pairs[k * 2 * n + 2 * j + 1]) = (s, c);
                    q[k * n + j] = Math.Atan2(s, c);
                }
                var at = chain.Forward(q.AsSpan(k * n, n));
                var fromPairs = chain.ForwardOfPairs(pairs.AsSpan(k * 2 * n, 2 * n));
                Assert.True(Distance(at, fromPairs) < 1e-12, $"{name}, pose {k}: {Distance(at, fromPairs):G3}");
            }
            chain.ErrorsOfPairs(pairs, count, target, errors);
            for (var k = 0; k < count; k++)
            {
                var at = chain.Forward(q.AsSpan(k * n, n));
                var angle = (target * at.Transposed).RotationVector().Length;
                var expected = (at.P - target.P).Length + chain.Reach * 2 * Math.Sin(angle / 2);
                Assert.True(Math.Abs(errors[k] - expected) < 1e-5 * chain.Reach,
                    $"{name}, pose {k}: {errors[k]:R} against {expected:R}");
            }
        }
        Assert.Throws<ArgumentException>(() => chain.ForwardOfPairs(new float[2 * n - 1]));
        Assert.Throws<ArgumentException>(() => chain.ErrorsOfPairs(pairs, count + 1, Frame.Identity, errors));
    }

    static double Distance(Frame a, Frame b) => Math.Max((a.P - b.P).Length,
        Math.Max((a.Row0 - b.Row0).Length, Math.Max((a.Row1 - b.Row1).Length, (a.Row2 - b.Row2).Length)));

    // A turn about each frame axis both ways, two tilted axes, and (in the sliding one) a prismatic joint last.
    static SpatialChain Arm(string name)
    {
        if (name is not ("every-axis" or "every-axis-sliding"))
            return TestRobots.Named(name);
        var rng = new Rng(72);
        Vec3[] axes = [new(1, 0, 0), new(0, -1, 0), new(0, 0, 1), new(-1, 0, 0), new(0, 1, 0), new(0, 0, -1),
            new Vec3(1, 2, -2).Direction(), new Vec3(0, 0.6, 0.8)];
        var sliding = name == "every-axis-sliding";
        var joints = axes.Select((axis, i) => new SpatialJoint($"j{i}", sliding && i == 7 ? JointType.Prismatic
            : JointType.Revolute, Frame.FromXyzRpy(new Vec3(rng.Uniform(-0.3, 0.3), rng.Uniform(-0.3, 0.3),
                rng.Uniform(0, 0.4)), rng.Uniform(-3, 3), rng.Uniform(-1.5, 1.5), rng.Uniform(-3, 3)), axis,
            new JointRange(-3, 3), i + 1)).ToList();
        return new SpatialChain("base", "tip", joints, Frame.FromXyzRpy(new Vec3(0.1, 0, 0.05), 0.3, 0, 0));
    }
}
