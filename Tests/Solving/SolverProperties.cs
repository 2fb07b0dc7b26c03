using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Solving;

public static class TargetGen
{
    /// <summary>
    /// Targets in a box 1.3× the largest reach used here, so some are out of reach or in the inner hole.
    /// </summary>
    public static Arbitrary<Point2> Targets() => Gen.Zip(Gens.Between(-2.6, 2.6),
        Gens.Between(-2.6, 2.6)).Select(t => new Point2(t.Item1, t.Item2)).ToArbitrary();

    public static Arbitrary<Elbow> Branches() => Gen.Elements(Elbow.Up, Elbow.Down).ToArbitrary();
}

/// <summary>Every answer the solver calls a success is checked against an independent recomputation.</summary>
[Properties(Arbitrary = [typeof(TargetGen)], MaxTest = 1000)]
public class SolverProperties
{
    [Property]
    public void Every_success_reaches_its_target_within_the_limits_on_its_branch(Point2 target, Elbow elbow,
        bool limited)
    {
        var solver = (limited ? SolverFixture.Limited : SolverFixture.Default).Value;
        var (arm, limits) = (solver.Planar.Base, new JointLimits(solver.Planar.Limits[0], solver.Planar.Limits[1]));
        var a = solver.SolveBranch(new Pose2(target.X, target.Y, 0), elbow);
        var (theta1, theta2) = (a.Theta[0], a.Theta[1]);
        var analytic = AnalyticIk.Solve(arm, target.X, target.Y);
        Assert.False(double.IsNaN(theta1) || double.IsNaN(theta2) || double.IsNaN(a.Residual));
        if (!a.Succeeded)
        {
            if (a.Status is SolveStatus.OutOfReach or SolveStatus.InnerHole)
                Assert.False(analytic.Reachable, $"{target} is reachable but was reported {a.Status}");
            return;
        }
        var reached = arm.Forward(theta1, theta2).DistanceTo(target);
        Assert.True(reached <= a.Residual + 1e-15 && a.Residual <= solver.Tolerance,
            $"{target}: claims residual {a.Residual}, FK misses by {reached}");
        Assert.True(limits.Contains(theta1, theta2), $"{target}: ({theta1}, {theta2}) outside the limits");
        Assert.True(IkSolver.OnBranch(theta2, elbow), $"{target}: {elbow} answer has θ2 = {theta2}");
        Assert.Equal(elbow, a.Branch);
        Assert.True(analytic.Reachable);
    }

    [Property]
    public void Unreachable_targets_are_never_solved_and_name_the_nearest_point(Point2 target, Elbow elbow)
    {
        var solver = SolverFixture.Limited.Value;
        var analytic = AnalyticIk.Solve(solver.Planar.Base, target.X, target.Y);
        if (analytic.Reachable)
            return;
        var s = solver.Solve(new Pose2(target.X, target.Y, 0), branch: elbow);
        Assert.Equal(analytic.Status == IkStatus.OutOfReach ? SolveStatus.OutOfReach : SolveStatus.InnerHole, s.Status);
        Assert.Empty(s.Answers);
        Assert.Equal(new Vec3(analytic.Nearest.X, analytic.Nearest.Y, 0), s.Nearest);
        var a = solver.SolveBranch(new Pose2(target.X, target.Y, 0), elbow);
        Assert.Equal(s.Status, a.Status);
        Assert.Equal(target.DistanceTo(analytic.Nearest), a.Residual, 12);
    }

    [Property]
    public void A_reachable_pose_within_the_limits_is_found_on_its_own_branch(double u, double v)
    {
        var solver = SolverFixture.Limited.Value;
        var (f1, f2) = (Frac(u), Frac(v));
        var limits = new JointLimits(solver.Planar.Limits[0], solver.Planar.Limits[1]);
        var theta1 = limits.Joint1.Lo + f1 * (limits.Joint1.Hi - limits.Joint1.Lo);
        var theta2 = limits.Joint2.Lo + f2 * (limits.Joint2.Hi - limits.Joint2.Lo);
        var target = solver.Planar.Base.Forward(theta1, theta2);
        var elbow = theta2 < 0 ? Elbow.Up : Elbow.Down;
        var a = solver.SolveBranch(new Pose2(target.X, target.Y, 0), elbow);
        Assert.True(a.Status == SolveStatus.Ok,
            $"pose ({theta1}, {theta2}) → {target}: {a.Status}, residual {a.Residual}");
    }

    static double Frac(double x) => double.IsFinite(x) ? Math.Abs(x % 1.0) : 0.5;
}
