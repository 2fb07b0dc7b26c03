using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// One point of a spatial arm's followed path: its status, the pose (continuous joints unwrapped along the path;
/// null where none was found), its errors recomputed from FK, and whether continuation from the previous pose
/// failed so a fresh solve had to be taken (a jump in joint space).
/// </summary>
public sealed record SpatialPathPoint(Frame Target, SolveStatus Status, double[]? Theta, double PositionError,
    double OrientationError, bool Jumped);

/// <summary>A spatial arm's followed path.</summary>
public sealed record SpatialPath(IReadOnlyList<SpatialPathPoint> Points)
{
    public double LargestStep => Trajectory.LargestStep(Points.Select(p => p.Theta));
    public int Jumps => Points.Count(p => p.Jumped);
    public int Solved => Points.Count(p => p.Theta is not null);

    /// <summary>The runs of consecutive points without a pose, each with its first point's status.</summary>
    public IReadOnlyList<TrajectoryBreak> Breaks
    {
        get
        {
            var breaks = new List<TrajectoryBreak>();
            for (var i = 0; i < Points.Count; i++)
            {
                if (Points[i].Theta is null)
                    Trajectory.AddBreak(breaks, i, Points[i].Status, false);
            }
            return breaks;
        }
    }
}

/// <summary>
/// A Cartesian path for a spatial arm at one orientation (or any), followed from pose to pose: each point is
/// refined from the previous pose (<see cref="IkSolver.Continue"/>), so the arm keeps its configuration;
/// where that fails the point is solved afresh and the answer nearest the previous pose is taken (a jump).
/// </summary>
public static class SpatialTrajectory
{
    const int FreshAnswers = 8;

    /// <summary>
    /// n points from a to b, both ends included: (1 − t) a + t b, which cannot overflow where b − a can.
    /// </summary>
    public static Vec3[] Line(Vec3 a, Vec3 b, int n) =>
        [.. Enumerable.Range(0, n).Select(i => n == 1 ? 0.0 : (double)i / (n - 1)).Select(t => (1 - t) * a + t * b)];

    /// <summary>n points once around a horizontal circle (z constant), counter-clockwise, the start repeated.</summary>
    public static Vec3[] Circle(Vec3 centre, double radius, int n) =>
        [.. Enumerable.Range(0, n).Select(i => 2 * Math.PI * i / Math.Max(1, n - 1))
            .Select(a => centre + new Vec3(radius * Math.Cos(a), radius * Math.Sin(a), 0))];

    /// <summary>
    /// Follows the path's points with the orientation of <paramref name="orientation"/> throughout;
    /// <paramref name="cancel"/> stops it (OperationCanceledException).
    /// </summary>
    public static SpatialPath Follow(IkSolver solver, IReadOnlyList<Vec3> path, Frame orientation,
        TaskBounds task, double budgetMs = 5, CancellationToken cancel = default)
    {
        var chain = solver.Spatial;
        var points = new List<SpatialPathPoint>(path.Count);
        double[]? previous = null;
        foreach (var at in path)
        {
            cancel.ThrowIfCancellationRequested();
            var target = orientation with { P = at };
            var (theta, status, jumped) = (default(double[]), SolveStatus.Ok, false);
            if (previous is not null)
            {
                var start = (double[])previous.Clone();
                if (solver.Continue(target, task, start))
                    theta = start;
            }
            if (theta is null)
            {
                var solution = solver.Solve(target,
                    new SolveOptions { Answers = FreshAnswers, BudgetMs = budgetMs, Task = task }, cancel);
                status = solution.Status;
                var solved = solution.Solved.ToArray();
                if (solved.Length > 0)
                {
                    var nearest = previous is null ? solved[0] : solved.MinBy(a => a.Theta.DistanceTo(previous));
                    (theta, jumped) = (nearest.Theta.ToArray(), previous is not null);
                }
            }
            if (theta is null)
            {
                points.Add(new SpatialPathPoint(target, status, null, double.NaN, double.NaN, false));
                continue;
            }
            for (var j = 0; previous is not null && j < theta.Length; j++)
            {
                if (chain.Joints[j].Type == JointType.Continuous)
                    theta[j] = previous[j] + Angles.Wrap(theta[j] - previous[j]);
            }
            var (position, rotation) = new ChainTarget(chain, target, task).Errors(theta);
            points.Add(new SpatialPathPoint(target, status, theta, position, rotation, jumped));
            previous = theta;
        }
        return new SpatialPath(points);
    }
}
