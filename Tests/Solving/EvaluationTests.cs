using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using Xunit;

namespace NeuralIk.Tests.Solving;

/// <summary>
/// The one evaluation on a non-redundant and a redundant chain: which parts of the report apply, and counts
/// that follow from the targets alone (joint-space targets are all reachable; the 2-link closed form has two
/// branch poses per target, within full limits all of them).
/// </summary>
public class EvaluationTests
{
    [Fact]
    public void A_2_link_arm_is_checked_against_its_closed_form_on_both_branches()
    {
        var solver = SolverFixture.Default.Value;
        var set = Evaluation.JointSpace(solver.Planar, 300, 5);
        var r = Evaluation.Run(solver, set);
        Assert.Equal(("joint-space", 300, 300, 300), (r.Distribution, r.Targets, r.Reachable, r.MustSolve));
        Assert.Null(r.Distinct);
        Assert.NotNull(r.ClosedForm);
        Assert.Equal(600, r.ClosedForm!.Unblocked);
        Assert.Equal(r.ClosedForm.Unblocked, r.ClosedForm.Matched);
        // Recomputed one guess at a time: the share of raw guesses on the branch asked for.
        Span<double> guess = stackalloc double[2];
        var onBranch = 0;
        foreach (var target in set.Targets)
        {
            foreach (var branch in new[] { Elbow.Up, Elbow.Down })
            {
                solver.Guess(target, branch, [], guess);
                onBranch += IkSolver.OnBranch(guess[1], branch) ? 1 : 0;
            }
        }
        Assert.Equal(onBranch / 600.0, r.Raw.BranchAccuracy!.Value, 1.0 / 600);
        Assert.Null(r.Raw.Orientation);
        Assert.False(r.Failed);
        Assert.True(r.Residual.Max <= solver.Tolerance);
    }

    [Fact]
    public void A_disc_beyond_the_reach_has_unreachable_targets_that_nobody_must_solve()
    {
        var solver = SolverFixture.Default.Value;
        var set = Evaluation.Uniform(solver.Planar, solver.Task, 400, 6, 1.2);
        Assert.Equal("disc-1.2x", set.Name);
        var outside = set.Targets.Count(t => Math.Sqrt(t.X * t.X + t.Y * t.Y) > solver.Planar.Reach);
        var r = Evaluation.Run(solver, set);
        Assert.Equal(400 - outside, r.Reachable);
        Assert.Equal(r.Reachable, r.MustSolve);
        Assert.Equal(r.Reachable, r.Solved);
        Assert.False(r.Failed);
    }

    [Fact]
    public void A_redundant_chain_is_checked_against_the_self_motion_oracle()
    {
        var solver = ChainFixture.Position4.Value;
        var r = Evaluation.Run(solver, Evaluation.JointSpace(solver.Planar, 60, 7), answers: 3);
        Assert.Null(r.ClosedForm);
        Assert.Null(r.Raw.BranchAccuracy);
        Assert.NotNull(r.Distinct);
        Assert.Equal(3, r.Asked);
        Assert.Equal(r.Distinct!.Available, r.Distinct.Delivered);
        Assert.False(r.Failed);
    }

    [Fact]
    public void A_pose_model_reports_its_orientation_error()
    {
        var solver = ChainFixture.Pose3.Value;
        var r = Evaluation.Run(solver, Evaluation.Uniform(solver.Planar, TaskBounds.PlanarPose, 200, 8));
        Assert.NotNull(r.Raw.Orientation);
        Assert.Equal(r.Reachable, r.Solved);
        Assert.Equal(r.ClosedForm!.Unblocked, r.ClosedForm.Matched);
    }
}
