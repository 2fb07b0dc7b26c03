using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Solving;

public static class ChainTargetGen
{
    /// <summary>
    /// Poses in a box 1.3× the fixtures' reach, any orientation, so some are out of reach or have an unreachable wrist.
    /// </summary>
    public static Arbitrary<Pose2> Targets() =>
        (from x in Gens.Between(-3.6, 3.6)
         from y in Gens.Between(-3.6, 3.6)
         from phi in Gens.Between(-Math.PI, Math.PI)
         select new Pose2(x, y, phi)).ToArbitrary();
}

/// <summary>Every answer a chain solver calls a success is checked against an independent recomputation.</summary>
[Properties(Arbitrary = [typeof(ChainTargetGen)], MaxTest = 300)]
public class ChainSolverProperties
{
    [Property]
    public void Every_success_reaches_its_target_within_the_limits_and_apart_from_the_others(Pose2 target,
        NonNegativeInt which)
    {
        var solver = ChainFixture.Get(which.Get);
        var chain = solver.Planar;
        var solution = solver.Solve(target);
        var reachable = Workspace.Of(chain, target, solver.Task).Reachable;
        var ok = solution.Solved.ToArray();
        Assert.True(reachable || ok.Length == 0, $"{target} is out of the workspace but was solved");
        Assert.Equal(ok.Length > 0, solution.Status == SolveStatus.Ok);
        foreach (var a in ok)
        {
            var p = chain.Forward(a.Theta.ToArray());
            var miss = Math.Sqrt(Math.Pow(p.X - target.X, 2) + Math.Pow(p.Y - target.Y, 2)
                + (solver.Task.HasOrientation
                    ? Math.Pow(chain.Reach * Angles.Distance(p.Phi, target.Phi), 2) : 0));
            Assert.True(miss <= solver.Tolerance, $"{target}: {a.Theta} misses by {miss}");
            Assert.True(chain.WithinLimits(a.Theta.ToArray()), $"{target}: {a.Theta} outside the limits");
            // A redundant chain's answers are told apart by distance; a 3-link pose answers once per branch, and
            // near full stretch its two branches are distinct poses closer than that (θ2 = ±0.034 was seen).
            Assert.All(ok.Where(b => b != a && (solver.Redundant || b.Branch == a.Branch)),
                b => Assert.True(a.Theta.DistanceTo(b.Theta) >= solver.Separation));
        }
        if (!reachable)
        {
            Assert.Empty(solution.Answers);
            var nearest = solution.Nearest;
            Assert.True(Workspace.Of(chain, new Pose2(nearest.X, nearest.Y, target.Phi), solver.Task).Reachable,
                $"the nearest point {nearest} to {target} is not reachable");
        }
    }

    [Property]
    public void A_redundant_chain_returns_as_many_distinct_answers_as_the_self_motion_allows(Pose2 target, bool limited)
    {
        var solver = limited ? ChainFixture.Limited3.Value : ChainFixture.Position4.Value;
        var position = target with { Phi = 0 };
        if (!Workspace.Of(solver.Planar, position, TaskBounds.PlanarPosition).Reachable)
            return;
        var available = SelfMotion.DistinctPoses(solver.Planar, position, TaskBounds.PlanarPosition, 4,
            solver.Separation)
            .Count;
        Assert.True(solver.Solve(position).Solved.Count() >= available,
            $"{position}: the oracle finds {available} distinct poses");
    }
}

public class ChainSolverTests
{
    [Fact]
    public void Three_link_pose_answers_are_the_closed_form_branches()
    {
        var solver = ChainFixture.Pose3.Value;
        var targets = Evaluation.Uniform(solver.Planar, solver.Task, 2000, 41).Targets;
        var checkedBranches = 0;
        foreach (var target in targets)
        {
            var oracle = ThreeLinkIk.Solve(solver.Planar, target);
            var solution = solver.Solve(target);
            if (!oracle.Status.Equals(IkStatus.Ok))
            {
                Assert.True(oracle.Status == IkStatus.Singular
                    || solution.Status is SolveStatus.OutOfReach
                        or SolveStatus.InnerHole, $"{target}: {solution.Status}");
                continue;
            }
            Assert.Equal(2, solution.Answers.Count);
            foreach (var (answer, own, other) in new[] { (solution.Answers[0], oracle.Up, oracle.Down),
                (solution.Answers[1], oracle.Down, oracle.Up) })
            {
                Assert.True(answer.Succeeded, $"{target}: {answer.Status}");
                var distance = answer.Theta.DistanceTo(own);
                Assert.True(distance <= answer.Theta.DistanceTo(other)
                    && (distance < 1e-6 || Math.Abs(Math.Sin(own[1])) < 1e-2),
                    $"{target}: {answer.Theta} is {distance} from the closed form " +
                        $"[{string.Join(", ", own)}]");
                checkedBranches++;
            }
        }
        Assert.True(checkedBranches > 2000, $"only {checkedBranches} branches were reachable");
    }

    [Fact]
    public void A_self_motion_cut_short_by_a_limit_still_gives_its_two_ends()
    {
        // Found by the property above: joint 1 rests at its −2.5 limit and the self-motion is an arc 0.108 rad
        // long in θ3, so two answers 0.1 apart exist only at its two ends; walking in quarter-separation steps
        // stopped short of them until the walk halved its last step at the limit.
        var solver = ChainFixture.Limited3.Value;
        var target = new Pose2(-2.0867112, -0.7872120000000002, 0);
        var oracle = SelfMotion.DistinctPoses(solver.Planar, target, TaskBounds.PlanarPosition, 4, solver.Separation);
        Assert.Equal(2, oracle.Count);
        Assert.Equal(2, solver.Solve(target).Solved.Count());
    }

    [Fact]
    public void One_branch_asked_for_gives_answers_on_that_branch_only()
    {
        var solver = ChainFixture.Position4.Value;
        foreach (var elbow in new[] { Elbow.Up, Elbow.Down })
        {
            var solution = solver.Solve(new Pose2(1.2, 0.9, 0), 4, elbow);
            Assert.Equal(4, solution.Solved.Count());
            Assert.All(solution.Solved, a => Assert.True(IkSolver.OnBranch(a.Theta[1], elbow)));
        }
    }

    [Fact]
    public void Obstacles_remove_the_poses_they_hit_and_block_a_target_every_pose_hits()
    {
        var solver = ChainFixture.Position4.Value;
        var target = new Pose2(1.5, 0.5, 0);
        var free = solver.Solve(target);
        Span<Point2> points = stackalloc Point2[5];
        solver.Planar.Points(free.Answers[0].Theta.ToArray(), points);
        var obstacle = new Obstacle((points[2].X + points[3].X) / 2, (points[2].Y + points[3].Y) / 2, 0.05);
        var blocked = solver.Solve(target, obstacles: [obstacle]);
        Assert.Equal(SolveStatus.Ok, blocked.Status);
        Assert.All(blocked.Solved, a => Assert.False(obstacle.Hits(solver.Planar, a.Theta.ToArray())));
        Assert.DoesNotContain(blocked.Solved, a => a.Theta.DistanceTo(free.Answers[0].Theta) < 1e-9);

        var atBase = solver.Solve(target, obstacles: [new Obstacle(0.1, 0, 0.15)]);
        Assert.Equal(SolveStatus.ObstacleBlocked, atBase.Status);
        Assert.All(atBase.Answers, a => Assert.Equal(SolveStatus.ObstacleBlocked, a.Status));
    }

    [Fact]
    public void Limits_that_exclude_every_pose_give_limit_blocked_with_a_pose_within_them()
    {
        // Joint 2 may only bend up to 0.3 rad, so the arm cannot fold back to reach a point 0.5 from its base.
        var solver = ChainFixture.Limited3.Value;
        var tight = new IkSolver(new Engine.Model.IkModel(solver.Model.Network, solver.Model.Scaler,
            new PlanarChain([1.0, 0.8, 0.5],
                JointRange.ParseList("-3,3;-0.3,0.3;-0.3,0.3")), solver.Task));
        var solution = tight.Solve(new Pose2(0.5, 0, 0));
        Assert.Equal(SolveStatus.LimitBlocked, solution.Status);
        Assert.NotEmpty(solution.Answers);
        Assert.All(solution.Answers, a => Assert.True(tight.Chain.WithinLimits(a.Theta.ToArray())));
    }

    [Fact]
    public void A_redundant_chain_stops_by_its_candidate_count_unless_told_otherwise()
    {
        var solver = ChainFixture.Position4.Value;
        var target = new Pose2(1.2, 0.9, 0);
        var byDefault = solver.Solve(target, 16);
        var counted = solver.Solve(target, 16, stop: StopRule.After(solver.MaxCandidates));
        Assert.Equal(byDefault.Answers.Select(a => a.Theta), counted.Answers.Select(a => a.Theta));
        var timed = solver.Solve(target, 16, stop: StopRule.Within(1000));
        Assert.True(timed.Answers.Count >= byDefault.Answers.Count, "a second's search finds at least as many");
        Assert.All(timed.Answers, a => Assert.True(a.Succeeded));
    }

    [Fact]
    public void Non_finite_targets_are_an_error()
    {
        Assert.Throws<ArgumentException>(() => ChainFixture.Position4.Value.Solve(new Pose2(double.NaN, 0, 0)));
        Assert.Throws<ArgumentException>(() => ChainFixture.Pose3.Value.Solve(new Pose2(1, 0,
            double.PositiveInfinity)));
    }

    [Fact]
    public void Four_threads_sharing_one_solver_get_exactly_the_serial_answers()
    {
        var solver = ChainFixture.Position4.Value;
        var targets = Evaluation.Uniform(solver.Planar, solver.Task, 2000, 43, 1.1).Targets;
        var serial = solver.Solve(targets);
        var parallel = new Solution[targets.Length];
        Parallel.For(0, targets.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => parallel[i] = solver.Solve(targets[i]));
        for (var i = 0; i < targets.Length; i++)
        {
            Assert.Equal(serial[i].Status, parallel[i].Status);
            Assert.Equal(serial[i].Answers.Count, parallel[i].Answers.Count);
            for (var a = 0; a < serial[i].Answers.Count; a++)
                Assert.Equal(serial[i].Answers[a].Theta, parallel[i].Answers[a].Theta);
        }
    }
}

public class SelfMotionTests
{
    [Fact]
    public void A_fully_stretched_target_has_one_pose_and_an_inner_one_many()
    {
        var chain = new PlanarChain([1.0, 1.0, 1.0]);
        var stretched = SelfMotion.DistinctPoses(chain, new Pose2(3, 0, 0), TaskBounds.PlanarPosition, 4, 0.1);
        Assert.True(stretched.Count <= 1);
        Assert.Equal(4, SelfMotion.DistinctPoses(chain, new Pose2(1, 0, 0), TaskBounds.PlanarPosition, 4, 0.1).Count);
        // A 3-link full pose has only its two branches.
        Assert.Equal(2, SelfMotion.DistinctPoses(chain, new Pose2(1, 1, 0.5), TaskBounds.PlanarPose, 4, 0.1).Count);
    }
}
