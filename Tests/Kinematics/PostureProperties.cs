using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Kinematics;

/// <summary>
/// A chain, a pose of it, whether orientation counts (only from 3 links), and a second set of angles for postures.
/// </summary>
public static class PostureGen
{
    public static Arbitrary<(PlanarChain Chain, double[] Theta, bool Orientation, double[] Other)> Cases() =>
        (from n in Gen.Choose(2, 8)
         from links in Gens.Between(0.2, 1.5).ArrayOf(n)
         from theta in Gens.Between(-Math.PI, Math.PI).ArrayOf(n)
         from orientation in Gen.Elements(false, true)
         from other in Gens.Between(-Math.PI, Math.PI).ArrayOf(n)
         select (new PlanarChain(links), theta, orientation && n >= 3, other)).ToArbitrary();
}

/// <summary>
/// The posture parameterisation against forward kinematics: it must name every pose and only poses that reach.
/// </summary>
[Properties(Arbitrary = [typeof(PostureGen)], MaxTest = 500)]
public class PostureProperties
{
    static double Gap(Pose2 a, Pose2 b, bool orientation) =>
        Math.Max(Math.Max(Math.Abs(a.X - b.X), Math.Abs(a.Y - b.Y)), orientation ? Angles.Distance(a.Phi, b.Phi) : 0);

    [Property]
    public void A_pose_is_rebuilt_from_its_own_posture_and_branch((PlanarChain Chain, double[] Theta, bool Orientation,
        double[] Other) c)
    {
        var (chain, theta, orientation) = (c.Chain, c.Theta, c.Orientation);
        var target = chain.Forward(theta);
        var directions = new double[Posture.FreeLinks(chain.Joints, Kinds.Of(orientation))];
        Posture.Of(theta, Kinds.Of(orientation), directions);
        var rebuilt = new double[chain.Joints];
        var status = Posture.Construct(chain, target, Kinds.Of(orientation), directions, Posture.BranchOf(theta),
            rebuilt);
        Assert.True(status is IkStatus.Ok or IkStatus.Singular, $"status {status}");
        Assert.True(ChainDistance(rebuilt, theta) < 1e-6 || Math.Abs(Math.Sin(theta[1])) < 1e-4,
            $"θ [{string.Join(", ", theta)}] rebuilt as [{string.Join(", ", rebuilt)}]");
    }

    [Property]
    public void Any_feasible_posture_gives_a_pose_that_reaches_the_target_with_that_posture_and_branch(
        (PlanarChain Chain, double[] Theta, bool Orientation, double[] Other) c)
    {
        var (chain, orientation) = (c.Chain, c.Orientation);
        var target = chain.Forward(c.Theta);
        var free = Posture.FreeLinks(chain.Joints, Kinds.Of(orientation));
        var directions = c.Other[..free];
        foreach (var elbow in new[] { Elbow.Up, Elbow.Down })
        {
            var theta = new double[chain.Joints];
            if (Posture.Construct(chain, target, Kinds.Of(orientation), directions, elbow, theta) is not IkStatus.Ok)
                continue;
            Assert.True(Gap(chain.Forward(theta), target, orientation) < 1e-9,
                $"{elbow}: reaches {chain.Forward(theta)}, target {target}");
            var back = new double[free];
            Posture.Of(theta, Kinds.Of(orientation), back);
            for (var k = 0; k < free; k++)
                Assert.True(Angles.Distance(back[k], directions[k]) < 1e-9);
            Assert.Equal(elbow, theta[1] == 0 ? elbow : Posture.BranchOf(theta));
        }
    }

    [Property]
    public void Every_pose_lands_in_the_workspace((PlanarChain Chain, double[] Theta, bool Orientation,
        double[] Other) c)
    {
        var target = c.Chain.Forward(c.Theta);
        Assert.True(Workspace.Of(c.Chain, target, Kinds.Of(c.Orientation)).Reachable);
    }

    static double ChainDistance(double[] a, double[] b) => a.Zip(b, (x, y) => Angles.Distance(x, y)).Max();
}

public class WorkspaceTests
{
    [Fact]
    public void Hand_derived_annulus_of_a_chain_with_a_dominant_link()
    {
        // Links 3, 1, 0.5: reach 4.5, inner radius 3 − 1.5 = 1.5.
        var chain = new PlanarChain([3.0, 1.0, 0.5]);
        Assert.Equal(1.5, chain.InnerRadius, 12);
        var hole = Workspace.Of(chain, new Pose2(0, 1, 0), TaskBounds.PlanarPosition);
        Assert.Equal(IkStatus.InnerHole, hole.Status);
        Assert.Equal(0, hole.Nearest.X, 12);
        Assert.Equal(1.5, hole.Nearest.Y, 12);
        var far = Workspace.Of(chain, new Pose2(6, 8, 0), TaskBounds.PlanarPosition);
        Assert.Equal(IkStatus.OutOfReach, far.Status);
        Assert.Equal(4.5 * 0.6, far.Nearest.X, 12);
        Assert.Equal(IkStatus.Ok, Workspace.Of(chain, new Pose2(2, 0, 0), TaskBounds.PlanarPosition).Status);
    }

    [Fact]
    public void A_pose_target_is_reachable_when_its_wrist_is()
    {
        // Links 1, 1, 0.5 and φ = 0: the wrist sits 0.5 left of the target, so (2.5, 0) is reachable and (2.6, 0) is
        // not;
        // the nearest point keeps the orientation: wrist (2, 0) plus the last link, (2.5, 0).
        var chain = new PlanarChain([1.0, 1.0, 0.5]);
        Assert.True(Workspace.Of(chain, new Pose2(2.5, 0, 0), TaskBounds.PlanarPose).Reachable);
        var out_ = Workspace.Of(chain, new Pose2(2.6, 0, 0), TaskBounds.PlanarPose);
        Assert.Equal(IkStatus.OutOfReach, out_.Status);
        Assert.Equal(2.5, out_.Nearest.X, 12);
        Assert.Equal(0, out_.Nearest.Y, 12);
        Assert.Equal(IkStatus.OutOfReach,
            Workspace.Of(chain, new Pose2(2.5, 0, Math.PI), TaskBounds.PlanarPose).Status);
        Assert.Throws<ArgumentException>(() =>
            Workspace.Of(chain, new Pose2(double.NaN, 0, 0), TaskBounds.PlanarPosition));
    }

    [Fact]
    public void Limits_parse_for_any_number_of_joints_and_print_back_exactly()
    {
        var ranges = JointRange.ParseList("-2.5,2.5;-1,0.25;0.1,3.3");
        Assert.Equal([new JointRange(-2.5, 2.5), new JointRange(-1, 0.25), new JointRange(0.1, 3.3)], ranges);
        Assert.Equal(ranges, JointRange.ParseList(JointRange.Format(ranges)));
        Assert.Throws<FormatException>(() => JointRange.ParseList("1,0;0,1"));
    }
}
