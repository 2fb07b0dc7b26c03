using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// One point of a path followed by a chain: its status, the pose (angles unwrapped along the path; null
/// where none was found), its residual, and whether continuation from the previous pose failed so a
/// fresh solve had to be taken (a jump in joint space).
/// </summary>
public sealed record ChainPathPoint(Pose2 Target, SolveStatus Status, double[]? Theta, double Residual, bool Jumped);

/// <summary>A path followed by a chain, with the runs of points it could not reach.</summary>
public sealed record ChainPathResult(Elbow? Branch, IReadOnlyList<ChainPathPoint> Points,
    IReadOnlyList<TrajectoryBreak> Breaks)
{
    /// <summary>Largest joint step between consecutive solved points, in radians.</summary>
    public double LargestStep => Points.Zip(Points.Skip(1))
        .Where(p => p.First.Theta is not null && p.Second.Theta is not null)
        .Select(p => p.First.Theta!.Zip(p.Second.Theta!, (a, b) => Math.Abs(b - a)).Max())
        .DefaultIfEmpty(0).Max();

    public int Jumps => Points.Count(p => p.Jumped);
}

/// <summary>
/// Follows a path with a chain: each point is refined from the previous pose, so a redundant chain moves
/// along its self-motion as little as least squares allows and the angles change smoothly; where that
/// fails (a limit, an obstacle, the branch) the point is solved afresh and the answer nearest the previous
/// pose taken. Angles of full-circle joints are unwrapped (see <see cref="Trajectory.Unwrap"/>).
/// </summary>
public static class ChainTrajectory
{
    const int FreshAnswers = 8;

    /// <summary>The path's points as targets with one end orientation throughout.</summary>
    public static Pose2[] WithOrientation(Point2[] path, double phi) => [.. path.Select(p => new Pose2(p.X, p.Y, phi))];

    public static ChainPathResult Follow(ChainSolver solver, Pose2[] path, Elbow? branch,
        ReadOnlySpan<Obstacle> obstacles = default)
    {
        var chain = solver.Chain;
        var circles = obstacles.ToArray();
        var points = new List<ChainPathPoint>(path.Length);
        var breaks = new List<TrajectoryBreak>();
        double[]? previous = null;
        for (var i = 0; i < path.Length; i++)
        {
            var target = solver.TargetKind.Read(path[i]);
            var (theta, residual, status, jumped) = (default(double[]), 0.0, SolveStatus.Ok, false);
            if (previous is not null)
            {
                var start = (double[])previous.Clone();
                var result = ChainRefiner.Refine(chain, target, solver.TargetKind, start, solver.Tolerance,
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
                if (solution.Solved.MinBy(a => previous is null ? 0
                    : ChainAnswer.Distance(a.Theta, previous)) is { } nearest)
                    (theta, residual, jumped) = ((double[])nearest.Theta.Clone(), nearest.Residual,
                        previous is not null);
            }
            if (theta is null)
            {
                Trajectory.AddBreak(breaks, i, status,
                    branch is not null && solver.Solve(target, 1, null, circles).Status == SolveStatus.Ok);
                points.Add(new ChainPathPoint(target, status, null, double.NaN, false));
                continue;
            }
            if (previous is not null)
            {
                for (var j = 0; j < theta.Length; j++)
                    theta[j] = Trajectory.Unwrap(chain.Limits[j], previous[j], theta[j]);
            }
            points.Add(new ChainPathPoint(target, SolveStatus.Ok, theta, residual, jumped));
            previous = theta;
        }
        return new ChainPathResult(branch, points, breaks);
    }
}
