using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// One point of a followed path: its status, the pose (angles unwrapped along the path; null where none was
/// found), its residual, and whether continuation from the previous pose failed so a fresh solve had to be
/// taken (a jump in joint space).
/// </summary>
public sealed record TrajectoryPoint(Pose2 Target, SolveStatus Status, double[]? Theta, double Residual,
    bool Jumped);

/// <summary>A run of consecutive points the path cannot take, and why (the first point's status).</summary>
public readonly record struct TrajectoryBreak(int From, int To, SolveStatus Status, bool OtherBranchWorks);

/// <summary>A followed path, with the runs of points it could not reach.</summary>
public sealed record TrajectoryResult(Elbow? Branch, IReadOnlyList<TrajectoryPoint> Points,
    IReadOnlyList<TrajectoryBreak> Breaks)
{
    /// <summary>Largest joint step between consecutive solved points, in radians.</summary>
    public double LargestStep => Trajectory.LargestStep(Points.Select(p => p.Theta));

    public int Jumps => Points.Count(p => p.Jumped);
    public int Solved => Points.Count(p => p.Theta is not null);
}

/// <summary>
/// Follows a Cartesian path: each point is refined from the previous pose, so the arm stays on its branch and a
/// redundant chain moves along its self-motion as little as least squares allows; where that fails (a limit, an
/// obstacle, the branch) the point is solved afresh and the answer nearest the previous pose taken. Angles of
/// full-circle joints are unwrapped (<see cref="Unwrap"/>), so a path through ±π does not jump by 2π.
/// </summary>
public static class Trajectory
{
    const int FreshAnswers = 8;

    /// <summary>Largest joint step between consecutive poses of a path (null: a point without one), radians.</summary>
    public static double LargestStep(IEnumerable<double[]?> poses)
    {
        var all = poses.ToList();
        return all.Zip(all.Skip(1)).Where(p => p.First is not null && p.Second is not null)
            .Select(p => p.First!.Zip(p.Second!, (a, b) => Math.Abs(b - a)).Max()).DefaultIfEmpty(0).Max();
    }

    /// <summary>
    /// n points from a to b, both ends included: (1 − t) a + t b, which b − a would overflow for ends near ±1e308.
    /// </summary>
    public static Point2[] Line(Point2 a, Point2 b, int n) =>
        [.. Enumerable.Range(0, n).Select(i => n == 1 ? 0.0 : (double)i / (n - 1))
            .Select(t => new Point2((1 - t) * a.X + t * b.X, (1 - t) * a.Y + t * b.Y))];

    /// <summary>n points once around a circle, counter-clockwise from angle 0, the start repeated at the end.</summary>
    public static Point2[] Circle(Point2 center, double radius, int n) =>
        [.. Enumerable.Range(0, n).Select(i => 2 * Math.PI * i / Math.Max(1, n - 1))
            .Select(a => new Point2(center.X + radius * Math.Cos(a), center.Y + radius * Math.Sin(a)))];

    /// <summary>The path's points as targets with one end orientation throughout.</summary>
    public static Pose2[] WithOrientation(Point2[] path, double phi) => [.. path.Select(p => new Pose2(p.X, p.Y, phi))];

    /// <summary>
    /// θ as the next angle after <paramref name="previous"/> along a path: a full-circle joint takes the step
    /// modulo 2π to its smallest equivalent; a limited joint cannot pass ±π unless its range does, so its angle
    /// is what it is.
    /// </summary>
    public static double Unwrap(JointRange range, double previous, double theta) =>
        range.IsFullCircle ? previous + Angles.Wrap(theta - previous) : theta;

    /// <summary>
    /// Follows <paramref name="path"/> on <paramref name="branch"/>, or on either for a null branch;
    /// <paramref name="cancel"/> stops it between points (OperationCanceledException).
    /// </summary>
    public static TrajectoryResult Follow(IkSolver solver, Pose2[] path, Elbow? branch,
        ReadOnlySpan<Obstacle> obstacles = default, CancellationToken cancel = default)
    {
        var chain = solver.Planar;
        var circles = obstacles.ToArray();
        var points = new List<TrajectoryPoint>(path.Length);
        var breaks = new List<TrajectoryBreak>();
        double[]? previous = null;
        for (var i = 0; i < path.Length; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var target = solver.Task.Read(path[i]);
            var (theta, residual, status, jumped) = (default(double[]), 0.0, SolveStatus.Ok, false);
            if (previous is not null)
            {
                var start = (double[])previous.Clone();
                var result = Refiner.Refine(chain, target, solver.Task, start, solver.Tolerance,
                    solver.MaxIterations);
                if (result.Residual <= solver.Tolerance && chain.WithinLimits(start)
                    && (branch is not { } b || IkSolver.OnBranch(start[1], b))
                    && !circles.Any(o => o.Hits(chain, start)))
                    (theta, residual) = (start, result.Residual);
            }
            if (theta is null)
            {
                var solution = solver.Solve(target, FreshAnswers, branch, circles);
                status = solution.Status;
                var solved = solution.Solved.ToArray();
                if (solved.Length > 0)
                {
                    var nearest = previous is null ? solved[0] : solved.MinBy(a => a.Theta.DistanceTo(previous));
                    (theta, residual, jumped) = (nearest.Theta.ToArray(), nearest.Residual, previous is not null);
                }
            }
            if (theta is null)
            {
                AddBreak(breaks, i, status,
                    branch is not null && solver.Solve(target, 1, null, circles).Status == SolveStatus.Ok);
                points.Add(new TrajectoryPoint(target, status, null, double.NaN, false));
                continue;
            }
            if (previous is not null)
            {
                for (var j = 0; j < theta.Length; j++)
                    theta[j] = Unwrap(chain.Limits[j], previous[j], theta[j]);
            }
            points.Add(new TrajectoryPoint(target, status, theta, residual, jumped));
            previous = theta;
        }
        return new TrajectoryResult(branch, points, breaks);
    }

    /// <summary>
    /// Point i could not be taken: it extends the run ending at i − 1, or starts one (with the first point's status).
    /// </summary>
    internal static void AddBreak(List<TrajectoryBreak> breaks, int i, SolveStatus status, bool otherBranchWorks)
    {
        if (breaks.Count > 0 && breaks[^1].To == i - 1)
            breaks[^1] = breaks[^1] with { To = i, OtherBranchWorks = breaks[^1].OtherBranchWorks || otherBranchWorks };
        else
            breaks.Add(new TrajectoryBreak(i, i, status, otherBranchWorks));
    }
}
