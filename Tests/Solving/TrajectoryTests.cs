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
        var result = Trajectory.Follow(Solver, Trajectory.Circle(new Point2(0, 0), 1.5, 200), Elbow.Down);
        Assert.Empty(result.Breaks);
        Assert.All(result.Points, p => Assert.True(p.Answer.Status == SolveStatus.Ok && p.Theta2 > 0, $"{p.Target}: {p.Answer.Status}, θ2 {p.Theta2}"));
        Assert.True(result.LargestStep < 0.05, $"largest step {result.LargestStep}");
        Assert.Equal(2 * Math.PI, result.Points[^1].Theta1 - result.Points[0].Theta1, 6);
        foreach (var p in result.Points)
            Assert.True(Solver.Arm.Forward(p.Theta1, p.Theta2).DistanceTo(p.Target) <= Solver.Tolerance);
    }

    [Fact]
    public void Unreachable_stretches_are_reported_as_breaks()
    {
        var result = Trajectory.Follow(Solver, Trajectory.Line(new Point2(-2.5, 0.5), new Point2(2.5, 0.5), 101), Elbow.Up);
        Assert.Equal(2, result.Breaks.Count);
        Assert.All(result.Breaks, b => Assert.Equal(SolveStatus.OutOfReach, b.Status));
        Assert.Equal(0, result.Breaks[0].From);
        Assert.Equal(100, result.Breaks[1].To);
        Assert.False(result.Breaks[0].OtherBranchWorks);
    }
}
