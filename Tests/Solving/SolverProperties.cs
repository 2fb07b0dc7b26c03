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
        var a = solver.Solve(target.X, target.Y, elbow);
        var analytic = AnalyticIk.Solve(solver.Arm, target.X, target.Y);
        Assert.False(double.IsNaN(a.Theta1) || double.IsNaN(a.Theta2) || double.IsNaN(a.Residual));
        if (!a.Succeeded)
        {
            if (a.Status is SolveStatus.OutOfReach or SolveStatus.InnerHole)
                Assert.False(analytic.Reachable, $"{target} is reachable but was reported {a.Status}");
            return;
        }
        var reached = solver.Arm.Forward(a.Theta1, a.Theta2).DistanceTo(target);
        Assert.True(reached <= a.Residual + 1e-15 && a.Residual <= solver.Tolerance,
            $"{target}: claims residual {a.Residual}, FK misses by {reached}");
        Assert.True(solver.Limits.Contains(a.Theta1, a.Theta2),
            $"{target}: ({a.Theta1}, {a.Theta2}) outside the limits");
        Assert.True(IkSolver.OnBranch(a.Theta2, elbow), $"{target}: {elbow} answer has θ2 = {a.Theta2}");
        Assert.Equal(elbow, a.Branch);
        Assert.True(analytic.Reachable);
    }

    [Property]
    public void Unreachable_targets_are_never_solved_and_name_the_nearest_point(Point2 target, Elbow elbow)
    {
        var solver = SolverFixture.Limited.Value;
        var analytic = AnalyticIk.Solve(solver.Arm, target.X, target.Y);
        if (analytic.Reachable)
            return;
        var a = solver.Solve(target.X, target.Y, elbow);
        Assert.Equal(analytic.Status == IkStatus.OutOfReach ? SolveStatus.OutOfReach : SolveStatus.InnerHole, a.Status);
        Assert.Equal(analytic.Nearest, a.Nearest);
    }

    [Property]
    public void A_reachable_pose_within_the_limits_is_found_on_its_own_branch(double u, double v)
    {
        var solver = SolverFixture.Limited.Value;
        var (f1, f2) = (Frac(u), Frac(v));
        var theta1 = solver.Limits.Joint1.Lo + f1 * (solver.Limits.Joint1.Hi - solver.Limits.Joint1.Lo);
        var theta2 = solver.Limits.Joint2.Lo + f2 * (solver.Limits.Joint2.Hi - solver.Limits.Joint2.Lo);
        var target = solver.Arm.Forward(theta1, theta2);
        var elbow = theta2 < 0 ? Elbow.Up : Elbow.Down;
        var a = solver.Solve(target.X, target.Y, elbow);
        Assert.True(a.Status == SolveStatus.Ok,
            $"pose ({theta1}, {theta2}) → {target}: {a.Status}, residual {a.Residual}");
    }

    static double Frac(double x) => double.IsFinite(x) ? Math.Abs(x % 1.0) : 0.5;
}
