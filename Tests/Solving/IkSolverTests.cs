using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using Xunit;

namespace NeuralIk.Tests.Solving;

public class IkSolverTests
{
    static IkSolver Solver => SolverFixture.Default.Value;
    static Arm Arm => Solver.Planar.Base;

    [Fact]
    public void Both_branches_match_the_analytic_answer()
    {
        var (up, down) = Solver.SolveBoth(new Pose2(1.5, 0.5, 0));
        var analytic = AnalyticIk.Solve(Arm, 1.5, 0.5);
        Assert.Equal(SolveStatus.Ok, up.Status);
        Assert.Equal(SolveStatus.Ok, down.Status);
        Assert.Equal(analytic.Up.Theta1, up.Theta[0], 8);
        Assert.Equal(analytic.Up.Theta2, up.Theta[1], 8);
        Assert.Equal(analytic.Down.Theta1, down.Theta[0], 8);
        Assert.Equal(analytic.Down.Theta2, down.Theta[1], 8);
    }

    [Fact]
    public void The_base_of_an_equal_link_arm_is_singular_with_theta2_at_plus_or_minus_pi()
    {
        var (up, down) = Solver.SolveBoth(new Pose2(0, 0, 0));
        Assert.Equal(SolveStatus.Singular, up.Status);
        Assert.Equal(-Math.PI, up.Theta[1], 12);
        Assert.Equal(Math.PI, down.Theta[1], 12);
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(1, double.NegativeInfinity)]
    public void Non_finite_targets_are_an_error(double x, double y) =>
        Assert.Contains("is not finite",
            Assert.Throws<ArgumentException>(() => Solver.SolveBranch(new Pose2(x, y, 0), Elbow.Up)).Message,
            StringComparison.Ordinal);

    [Fact]
    public void A_link_through_an_obstacle_blocks_that_branch_only()
    {
        var analytic = AnalyticIk.Solve(Arm, 1.5, 0.5);
        // The up branch's elbow, L1 (cos θ1, sin θ1).
        var (ex, ey) = (Arm.L1 * Math.Cos(analytic.Up.Theta1), Arm.L1 * Math.Sin(analytic.Up.Theta1));
        Obstacle[] onUpElbow = [new Obstacle(ex, ey, 0.1)];
        var (up, down) = Solver.SolveBoth(new Pose2(1.5, 0.5, 0), onUpElbow);
        Assert.Equal(SolveStatus.ObstacleBlocked, up.Status);
        Assert.Equal(SolveStatus.Ok, down.Status);
    }

    [Fact]
    public void A_pose_outside_the_limits_is_limit_blocked_not_moved()
    {
        var solver = SolverFixture.Limited.Value;
        // θ2 = 2.0 is beyond joint 2's upper limit of 1.0: its target's down branch is blocked.
        var target = solver.Planar.Base.Forward(0.2, 2.0);
        var down = solver.SolveBranch(new Pose2(target.X, target.Y, 0), Elbow.Down);
        Assert.Equal(SolveStatus.LimitBlocked, down.Status);
        Assert.True(solver.Planar.WithinLimits(down.Theta.ToArray()));
    }

    [Fact]
    public void Batch_answers_equal_single_answers_and_allocate_nothing()
    {
        var targets = Evaluation.Uniform(Solver.Planar, Solver.Task, 500, 3, 1.1).Targets;
        var batch = new IkAnswer[targets.Length];
        Solver.SolveBranch(targets, Elbow.Down, batch);
        for (var i = 0; i < targets.Length; i++)
            Assert.Equal(Solver.SolveBranch(targets[i], Elbow.Down), batch[i]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Solver.SolveBranch(targets, Elbow.Down, batch);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_non_redundant_chain_solves_batches_without_allocating_too()
    {
        var solver = ChainFixture.Pose3.Value;
        var targets = Evaluation.JointSpace(solver.Planar, 200, 9).Targets;
        var batch = new IkAnswer[targets.Length];
        solver.SolveBranch(targets, Elbow.Up, batch);
        var before = GC.GetAllocatedBytesForCurrentThread();
        solver.SolveBranch(targets, Elbow.Up, batch);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(batch, a => Assert.Equal(3, a.Theta.Count));
    }

    [Fact]
    public void Eight_threads_sharing_one_solver_on_100k_targets_get_exactly_the_serial_answers()
    {
        var targets = Evaluation.Uniform(Solver.Planar, Solver.Task, 100_000, 5, 1.1).Targets;
        var serial = new IkAnswer[targets.Length];
        Solver.SolveBranch(targets, Elbow.Up, serial);
        var parallel = new IkAnswer[targets.Length];
        Parallel.For(0, targets.Length / 100, new ParallelOptions { MaxDegreeOfParallelism = 8 }, chunk =>
            Solver.SolveBranch(targets.AsSpan(chunk * 100, 100), Elbow.Up, parallel.AsSpan(chunk * 100, 100)));
        Assert.Equal(serial, parallel);
    }
}
