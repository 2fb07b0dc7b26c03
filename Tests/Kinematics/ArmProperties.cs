using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Kinematics;

/// <summary>Generators: arms with links in [0.1, 3], angles in [−π, π], targets in a box around the reach.</summary>
public static class ArmGen
{
    public static Arbitrary<Arm> Arms() => Gen.Zip(Gens.Between(0.1, 3),
        Gens.Between(0.1, 3)).Select(t => new Arm(t.Item1, t.Item2)).ToArbitrary();

    public static Arbitrary<JointAngles> Angles() => Gen.Zip(Gens.Between(-Math.PI, Math.PI),
        Gens.Between(-Math.PI, Math.PI))
        .Select(t => new JointAngles(t.Item1, t.Item2)).ToArbitrary();

    /// <summary>Fractions in [0, 1] used to place a target anywhere in or around an arm's annulus.</summary>
    public static Arbitrary<(double R, double Phi)> Polar() => Gen.Zip(Gens.Between(0, 1),
        Gens.Between(-Math.PI, Math.PI)).ToArbitrary();
}

[Properties(Arbitrary = [typeof(ArmGen)], MaxTest = 500)]
public class ArmProperties
{
    [Property]
    public bool Forward_kinematics_never_leaves_the_reach(Arm arm, JointAngles q) =>
        arm.Forward(q.Theta1, q.Theta2).Radius <= arm.Reach * (1 + 1e-12);

    [Property]
    public void Both_branches_reach_every_reachable_target(Arm arm, (double R, double Phi) polar)
    {
        var r = arm.InnerRadius + polar.R * (arm.Reach - arm.InnerRadius);
        var (x, y) = (r * Math.Cos(polar.Phi), r * Math.Sin(polar.Phi));
        var solution = AnalyticIk.Solve(arm, x, y);
        Assert.True(solution.Reachable, $"r = {r} in [{arm.InnerRadius}, {arm.Reach}] reported {solution.Status}");
        if (solution.Status == IkStatus.Singular)
            return;
        foreach (var elbow in new[] { Elbow.Up, Elbow.Down })
        {
            var q = solution.Branch(elbow);
            var miss = arm.Forward(q.Theta1, q.Theta2).DistanceTo(new Point2(x, y));
            Assert.True(miss <= 1e-9 * arm.Reach, $"{elbow} misses ({x}, {y}) by {miss}");
            Assert.True(elbow == Elbow.Up ? q.Theta2 <= 0 : q.Theta2 >= 0, $"{elbow} branch has θ2 = {q.Theta2}");
            Assert.InRange(q.Theta1, -Math.PI, Math.PI);
        }
    }

    [Property]
    public void The_pose_that_made_a_point_is_one_of_its_two_answers(Arm arm, JointAngles q)
    {
        var p = arm.Forward(q.Theta1, q.Theta2);
        var solution = AnalyticIk.Solve(arm, p.X, p.Y);
        Assert.True(solution.Reachable);
        var branch = solution.Branch(q.Theta2 < 0 ? Elbow.Up : Elbow.Down);
        // Near θ2 = 0 or ±π, θ1 is ill-conditioned: compare positions there, angles elsewhere.
        if (Math.Abs(Math.Sin(q.Theta2)) > 1e-3)
        {
            Assert.True(Angles.Distance(branch.Theta1, q.Theta1) < 1e-6
                && Angles.Distance(branch.Theta2, q.Theta2) < 1e-6,
                $"θ = ({q.Theta1}, {q.Theta2}) came back as ({branch.Theta1}, {branch.Theta2})");
        }
        Assert.True(arm.Forward(branch.Theta1, branch.Theta2).DistanceTo(p) < 1e-9 * arm.Reach);
    }

    [Property]
    public void Unreachable_targets_are_reported_with_the_nearest_point_on_the_boundary(Arm arm,
        (double R, double Phi) polar)
    {
        var outside = arm.Reach * (1.001 + polar.R);
        var inside = arm.InnerRadius * polar.R * 0.999;
        foreach (var (r, status, boundary) in new[] { (outside, IkStatus.OutOfReach, arm.Reach),
            (inside, IkStatus.InnerHole, arm.InnerRadius) })
        {
            if (status == IkStatus.InnerHole && arm.InnerRadius < 1e-6)
                continue;
            var solution = AnalyticIk.Solve(arm, r * Math.Cos(polar.Phi), r * Math.Sin(polar.Phi));
            Assert.Equal(status, solution.Status);
            Assert.False(solution.Reachable);
            Assert.True(Math.Abs(solution.Nearest.Radius - boundary) < 1e-9 * arm.Reach,
                $"nearest point at r = {solution.Nearest.Radius}, boundary {boundary}");
            Assert.False(double.IsNaN(solution.Nearest.X) || double.IsNaN(solution.Up.Theta1)
                || double.IsNaN(solution.Down.Theta2));
        }
    }
}
