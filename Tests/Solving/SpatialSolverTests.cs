using System.Runtime.Intrinsics;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Solving;

/// <summary>A small model of the project's UR5, trained once for the spatial solver's tests.</summary>
public sealed class SpatialFixture
{
    public SpatialFixture()
    {
        Chain = TestRobots.Named("ur5-dh");
        var options = new SolverOptions { Hidden = [64, 64], Epochs = 8, SamplesPerEpoch = 4096, BatchSize = 64,
            LearningRate = 1e-3f, FinalLearningRate = 1e-4f, FkWeight = 10 };
        Model = SolverRecipe.Train(Chain, TaskBounds.Pose, options).Model;
        Solver = new IkSolver(Model);
    }

    public SpatialChain Chain { get; }
    public IkModel Model { get; }
    public IkSolver Solver { get; }
}

/// <summary>
/// The spatial solver: every answer it calls ok is re-verified here (FK recomputed against the target within
/// 1e-6 m and 1e-6 rad, every joint within its limits, answers apart by the separation); targets made by FK
/// of poses within the limits are solved; a target beyond the reach bound is out of reach with the nearest
/// point on the bound; one that the limits rule out is not found, with the best pose inside the limits.
/// </summary>
public class SpatialSolverTests(SpatialFixture fixture) : IClassFixture<SpatialFixture>
{
    static SolveOptions Options(int answers, double budgetMs = 5) =>
        new() { Answers = answers, Stop = StopRule.Within(budgetMs) };

    [Fact]
    public void Targets_from_poses_within_the_limits_are_solved_and_every_answer_verified()
    {
        var targets = Evaluation.JointSpace(fixture.Chain, 200, 21).Targets;
        var solved = 0;
        foreach (var target in targets)
        {
            var s = fixture.Solver.Solve(target, Options(3, 50));
            solved += s.Status == SolveStatus.Ok ? 1 : 0;
            Verify(target, s);
        }
        Assert.True(solved >= 198, $"{solved}/200 solved");
    }

    // Guesses read from either format of weights (bfloat16 the default where vectors are accelerated): the same
    // search, every ok answer still verified to the full tolerance.
    [Theory]
    [InlineData(InferenceWeights.Bf16)]
    [InlineData(InferenceWeights.Fp32)]
    public void Guesses_from_either_weights_solve(InferenceWeights weights)
    {
        var solver = new IkSolver(fixture.Model, weights: weights);
        Assert.Equal(weights, solver.Weights);
        Assert.Equal(Vector256.IsHardwareAccelerated ? InferenceWeights.Bf16 : InferenceWeights.Fp32,
            new IkSolver(fixture.Model).Weights);
        var solved = 0;
        foreach (var target in Evaluation.JointSpace(fixture.Chain, 200, 22).Targets)
        {
            var s = solver.Solve(target, Options(1, 50));
            solved += s.Status == SolveStatus.Ok ? 1 : 0;
            Verify(target, s);
        }
        Assert.True(solved >= 198, $"{solved}/200 solved");
    }

    // The evaluation's raw error (measured after the timed solves): FK of the guess from the middle of the limits,
    // recomputed here one target at a time.
    [Fact]
    public void The_evaluations_raw_error_is_that_of_each_guess_recomputed()
    {
        var set = Evaluation.JointSpace(fixture.Chain, 40, 24);
        var report = Evaluation.Run(fixture.Solver, set);
        var (guess, errors) = (new double[6], new List<double>());
        foreach (var target in set.Targets)
        {
            fixture.Solver.Guess(target, fixture.Solver.Middle, guess);
            errors.Add((fixture.Chain.Forward(guess).P - target.P).Length);
        }
        Assert.Equal(ErrorStats.Of(errors), report.Raw.Position);
    }

    // Near the current posture: the oracle is the pose the target came from, within 0.2 rad of the posture given, so
    // an answer at most that far exists; the first found from there is near it, the nearest within the budget no
    // farther, and every answer still verified.
    [Fact]
    public void Answers_near_the_current_posture_come_nearest_first()
    {
        var rng = new Rng(25);
        var (q0, within, ordered) = (new double[6], 0, 0);
        for (var t = 0; t < 100; t++)
        {
            PoseSampler.Draw(fixture.Chain, rng, q0);
            var target = fixture.Chain.Forward(q0);
            var near = q0.Select((v, j) => fixture.Chain.Ranges[j].Clamp(v + rng.Uniform(-0.2, 0.2))).ToArray();
            var first = fixture.Solver.Solve(target, Options(1, 50) with { Near = near });
            var nearest = fixture.Solver.Solve(target, Options(3, 20) with
            {
                Near = near, NearMode = NearMode.Nearest,
            });
            Verify(target, first);
            Verify(target, nearest);
            if (first.Status != SolveStatus.Ok || nearest.Status != SolveStatus.Ok)
                continue;
            within += IkSolver.Change(first.Answers[0].Theta, near) <= 0.3 ? 1 : 0;
            var changes = nearest.Answers.Select(a => IkSolver.Change(a.Theta, near)).ToArray();
            ordered += changes.SequenceEqual(changes.Order()) && changes[0] <= 0.2 + 1e-6 ? 1 : 0;
        }
        Assert.True(within >= 95, $"{within}/100 within 0.3 rad");
        Assert.True(ordered >= 95, $"{ordered}/100 nearest first, the oracle's pose found");
        Assert.Throws<ArgumentException>(() => fixture.Solver.Solve(Frame.Identity, new SolveOptions { Near = [0.1] }));
    }

    [Fact]
    public void Several_answers_are_distinct_poses_of_the_one_target()
    {
        var targets = Evaluation.JointSpace(fixture.Chain, 20, 22).Targets;
        var many = 0;
        foreach (var target in targets)
        {
            var s = fixture.Solver.Solve(target, Options(4, 100));
            Verify(target, s);
            many += s.Solved.Count() == 4 ? 1 : 0;
            if (s.Solved.Count() > 1)
                Assert.True(s.Spread >= fixture.Solver.Separation);
        }
        // A 6-joint arm has up to 8 answers per pose; with ±2π ranges at least 4 exist almost everywhere.
        Assert.True(many >= 18, $"4 answers for {many}/20 targets");
    }

    [Fact]
    public void A_position_alone_is_reached_in_any_orientation_by_distinct_poses()
    {
        var targets = Evaluation.JointSpace(fixture.Chain, 30, 23).Targets;
        foreach (var target in targets)
        {
            var s = fixture.Solver.Solve(Frame.Translation(target.P),
                Options(3, 50) with { Task = TaskBounds.Position });
            Assert.Equal(SolveStatus.Ok, s.Status);
            var ok = s.Solved.ToList();
            Assert.Equal(3, ok.Count);
            for (var i = 0; i < ok.Count; i++)
            {
                var q = ok[i].Theta.ToArray();
                Assert.True((fixture.Chain.Forward(q).P - target.P).Length <= 1e-6);
                Assert.True(fixture.Chain.WithinLimits(q));
                for (var j = 0; j < i; j++)
                    Assert.True(ok[j].Theta.DistanceTo(q) >= fixture.Solver.Separation);
            }
        }
    }

    [Fact]
    public void A_path_at_one_orientation_is_followed_without_jumps()
    {
        var start = fixture.Chain.Forward([0.4, -1.0, 1.2, -0.3, 0.9, 0.1]);
        var path = Trajectory.Line(start.P, start.P + new Vec3(0.1, 0.15, -0.05), 50);
        var result = Trajectory.Follow(fixture.Solver, Trajectory.Frames(path, start));
        Assert.Equal(50, result.Solved);
        Assert.Equal(0, result.Jumps);
        // 0.19 m in 49 steps: joints move by hundredths of a radian per step, not by a branch's distance.
        Assert.True(result.LargestStep < 0.1, $"largest step {result.LargestStep}");
        for (var i = 0; i < path.Length; i++)
        {
            var tip = fixture.Chain.Forward(result.Points[i].Theta!);
            Assert.True((tip.P - path[i]).Length <= 1e-6 && Angle(tip, start) <= 1e-6, $"point {i}");
        }
        var circle = Trajectory.Circle(new Vec3(0.3, 0.1, 0.3), 0.1, 9);
        Assert.True((circle[0] - circle[^1]).Length < 1e-15);
        Assert.All(circle, p => Assert.Equal(0.1, (p - new Vec3(0.3, 0.1, 0.3)).Length, 12));
    }

    [Fact]
    public void The_same_call_gives_the_same_answers()
    {
        var target = fixture.Chain.Forward([0.3, -1.2, 1.1, -0.5, 0.8, 0.2]);
        var a = fixture.Solver.Solve(target, Options(1));
        var b = fixture.Solver.Solve(target, Options(1));
        Assert.Equal(a.Answers.Select(x => x.Theta), b.Answers.Select(x => x.Theta));
    }

    [Fact]
    public void A_count_of_candidates_bounds_the_answers_and_gives_the_same_ones_without_a_clock()
    {
        // Each candidate adds at most one answer, and with no time budget nothing depends on the machine's speed.
        var target = fixture.Chain.Forward([0.3, -1.2, 1.1, -0.5, 0.8, 0.2]);
        foreach (var count in new[] { 1, 3, 12 })
        {
            var options = new SolveOptions { Answers = 32, Stop = StopRule.After(count) };
            var a = fixture.Solver.Solve(target, options);
            var b = fixture.Solver.Solve(target, options);
            Assert.InRange(a.Answers.Count, 1, count);
            Assert.Equal(a.Answers.Select(x => x.Theta), b.Answers.Select(x => x.Theta));
        }
        var twelve = fixture.Solver.Solve(target, new SolveOptions { Answers = 32, Stop = StopRule.After(12) });
        Assert.True(twelve.Answers.Count > 1, "12 candidates of a 6-joint arm's target find more than one pose");
        // A rule that would stop before the first candidate is refused, not answered with an empty pose.
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            fixture.Solver.Solve(target, new SolveOptions { Stop = StopRule.After(0) }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            fixture.Solver.Solve(target, new SolveOptions { Stop = StopRule.Within(0) }));
    }

    [Fact]
    public void Beyond_the_reach_bound_the_target_is_out_of_reach_with_the_nearest_point_on_the_bound()
    {
        var p = new Vec3(2, -1, 0.5);
        var s = fixture.Solver.Solve(Frame.Translation(p), Options(1));
        Assert.Equal(SolveStatus.OutOfReach, s.Status);
        Assert.Empty(s.Answers);
        Assert.Equal(fixture.Chain.Reach, s.Nearest.Length, 12);
        Assert.True(s.Nearest.Cross(p).Length < 1e-12 && s.Nearest.Dot(p) > 0);
    }

    [Fact]
    public void A_stretched_pose_on_the_reach_bound_is_solved_within_the_tolerance_and_beyond_it_is_out_of_reach()
    {
        // The iiwa7 stands straight up at q = 0: its tip is on the bound. A target 0.5 µm above it is reached within
        // the 1 µm tolerance (the bound once called it unreachable); 2 µm above it is out of reach. The network is
        // untrained: the middle of the limits (q = 0) starts the search.
        var chain = TestRobots.Named("iiwa7");
        var layout = new SpatialLayout(chain, TaskBounds.Pose);
        var solver = new IkSolver(new IkModel(new Mlp([layout.Inputs, 8, layout.Outputs]),
            layout.Scaler(chain.Reach), chain, TaskBounds.Pose));
        var home = chain.Forward(new double[7]);
        Assert.Equal(chain.Reach, home.P.Z, 12);
        var near = solver.Solve(home with { P = new Vec3(0, 0, chain.Reach + 0.5e-6) }, Options(1));
        Assert.Equal(SolveStatus.Ok, near.Status);
        Assert.True(Math.Abs(chain.Forward(near.Answers[0].Theta.ToArray()).P.Z - chain.Reach - 0.5e-6) <= 1e-6);
        Assert.Equal(SolveStatus.OutOfReach,
            solver.Solve(home with { P = new Vec3(0, 0, chain.Reach + 2e-6) }, Options(1))
            .Status);
    }

    [Fact]
    public void A_target_the_limits_rule_out_is_not_found_with_the_best_pose_within_them()
    {
        // The same arm with every joint held within 0.01 rad of zero: a pose far from zero is inside the reach
        // bound but out of the limits' way.
        var free = fixture.Chain;
        var held = new SpatialChain(free.BaseLink, free.TipLink,
            [.. free.Joints.Select(j => j with { Range = new JointRange(0, 0.01) })], free.Tip);
        var solver = new IkSolver(new IkModel(fixture.Model.Network, fixture.Model.Scaler, held,
            TaskBounds.Pose));
        var s = solver.Solve(free.Forward([1, -1, 1, -1, 1, -1]), Options(1, 2));
        Assert.Equal(SolveStatus.NotFound, s.Status);
        var best = Assert.Single(s.Answers);
        Assert.True(held.WithinLimits(best.Theta.ToArray()));
        Assert.True(best.Residual > 1e-3);
    }

    [Fact]
    public void A_target_that_is_not_finite_is_refused()
    {
        var bad = Frame.Translation(new Vec3(double.NaN, 0, 0));
        Assert.Throws<ArgumentException>(() => fixture.Solver.Solve(bad));
    }

    void Verify(Frame target, Solution s)
    {
        var ok = s.Solved.ToList();
        for (var i = 0; i < ok.Count; i++)
        {
            var q = ok[i].Theta.ToArray();
            var tip = fixture.Chain.Forward(q);
            Assert.True((tip.P - target.P).Length <= 1e-6, $"position off by {(tip.P - target.P).Length}");
            Assert.True(Angle(tip, target) <= 1e-6, $"orientation off by {Angle(tip, target)}");
            Assert.True(fixture.Chain.WithinLimits(q));
            for (var j = 0; j < i; j++)
                Assert.True(ok[j].Theta.DistanceTo(q) >= fixture.Solver.Separation);
        }
    }

    // The angle between two orientations from the trace of R_aᵀ R_b (independent of the log map the solver uses).
    static double Angle(Frame a, Frame b)
    {
        var trace = a.Axis(0).Dot(b.Axis(0)) + a.Axis(1).Dot(b.Axis(1)) + a.Axis(2).Dot(b.Axis(2));
        var cos = Math.Clamp((trace - 1) / 2, -1, 1);
        // Near 0 acos loses precision; the sine from the columns' cross products keeps it.
        var sin = 0.5 * (a.Axis(0).Cross(b.Axis(0)) + a.Axis(1).Cross(b.Axis(1)) + a.Axis(2).Cross(b.Axis(2))).Length;
        return Math.Atan2(sin, cos);
    }
}
