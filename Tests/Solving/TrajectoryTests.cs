using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using Xunit;

namespace NeuralIk.Tests.Solving;

public class TrajectoryTests
{
    static IkSolver Solver => SolverFixture.Default.Value;

    [Fact]
    public void A_circle_around_the_base_is_followed_with_unwrapped_angles_on_one_branch()
    {
        // Radius 1.5 around the base: θ1 sweeps a full turn, crossing ±π, which unwrapping must not show as a jump.
        var path = Path(Trajectory.Circle(Vec3.Zero, 1.5, 200), 0);
        var result = Trajectory.Follow(Solver, path, new SolveOptions { Branch = Elbow.Down });
        Assert.Empty(result.Breaks);
        Assert.All(result.Points,
            p => Assert.True(p.Status == SolveStatus.Ok && p.Theta![1] > 0, $"{p.Target}: {p.Status}"));
        Assert.True(result.LargestStep < 0.05, $"largest step {result.LargestStep}");
        Assert.Equal(2 * Math.PI, result.Points[^1].Theta![0] - result.Points[0].Theta![0], 6);
        foreach (var p in result.Points)
        {
            var reached = Solver.Planar.Base.Forward(p.Theta![0], p.Theta[1]);
            Assert.True(reached.DistanceTo(new Point2(p.Target.P.X, p.Target.P.Y)) <= Solver.Tolerance);
        }
    }

    [Fact]
    public void Unreachable_stretches_are_reported_as_breaks()
    {
        var path = Path(Trajectory.Line(new Vec3(-2.5, 0.5, 0), new Vec3(2.5, 0.5, 0), 101), 0);
        var result = Trajectory.Follow(Solver, path, new SolveOptions { Branch = Elbow.Up });
        Assert.Equal(2, result.Breaks.Count);
        Assert.All(result.Breaks, b => Assert.Equal(SolveStatus.OutOfReach, b.Status));
        Assert.Equal(0, result.Breaks[0].From);
        Assert.Equal(100, result.Breaks[1].To);
        Assert.False(result.Breaks[0].OtherBranchWorks);
    }

    // A planar path at one end orientation φ.
    static Frame[] Path(Vec3[] points, double phi) => Trajectory.Frames(points, Frame.InPlane(new Pose2(0, 0, phi)));

    [Fact]
    public void Only_joints_that_turn_freely_unwrap()
    {
        Assert.Equal(2.4 + (2 * Math.PI - 4.8), Trajectory.Unwrap(true, 2.4, -2.4), 12);
        Assert.Equal(-2.4, Trajectory.Unwrap(false, 2.4, -2.4));
    }

    [Fact]
    public void A_redundant_chain_follows_a_circle_around_its_base_smoothly()
    {
        var solver = ChainFixture.Position4.Value;
        var path = Path(Trajectory.Circle(Vec3.Zero, 1.2, 300), 0);
        var result = Trajectory.Follow(solver, path);
        Assert.Empty(result.Breaks);
        Assert.Equal(0, result.Jumps);
        Assert.True(result.LargestStep < 0.1, $"largest step {result.LargestStep}");
        foreach (var p in result.Points)
        {
            var reached = solver.Planar.Forward(p.Theta!);
            Assert.True(Math.Sqrt(Math.Pow(reached.X - p.Target.P.X, 2)
                + Math.Pow(reached.Y - p.Target.P.Y, 2)) <= solver.Tolerance);
        }
    }

    [Fact]
    public void A_3_link_pose_path_stays_on_its_branch_and_reports_what_it_cannot_reach()
    {
        var solver = ChainFixture.Pose3.Value;
        var path = Path(Trajectory.Line(new Vec3(0.3, 1.0, 0), new Vec3(2.6, 1.0, 0), 120), 0.4);
        var result = Trajectory.Follow(solver, path, new SolveOptions { Branch = Elbow.Down });
        Assert.All(result.Points.Where(p => p.Theta is not null),
            p => Assert.True(IkSolver.OnBranch(p.Theta![1], Elbow.Down)));
        var unreachable = result.Points.Select((p, i) => (p, i)).Where(x => !Workspace.Of(solver.Planar,
            new Pose2(x.p.Target.P.X, x.p.Target.P.Y, 0.4), TaskBounds.PlanarPose).Reachable).Select(x => x.i)
            .ToArray();
        Assert.NotEmpty(unreachable);
        Assert.Equal(unreachable, result.Breaks.SelectMany(b => Enumerable.Range(b.From, b.To - b.From + 1)));
        Assert.All(result.Breaks, b => Assert.Equal(SolveStatus.OutOfReach, b.Status));
    }
}
