using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// One point of a followed path: its target, status, the pose (angles of turning joints unwrapped along the path;
/// null where none was found), its position and orientation errors recomputed from FK (orientation 0 where the
/// task binds none; NaN without a pose), and whether continuation from the previous pose failed so a fresh solve
/// had to be taken (a jump in joint space).
/// </summary>
public sealed record TrajectoryPoint(Frame Target, SolveStatus Status, double[]? Theta, double PositionError,
    double OrientationError, bool Jumped);

/// <summary>
/// A run of consecutive points the path cannot take, and why (the first point's status); for a path held on one
/// elbow branch, whether the other branch reaches them (a branch switch would be forced).
/// </summary>
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
/// Follows a Cartesian path with any arm, TRAC-IK's "nearest to the previous pose": each point is refined from the
/// previous pose (<see cref="IkSolver.Continue"/>), so the arm keeps its configuration (a planar arm its branch,
/// a redundant one moves along its self-motion as little as least squares allows); where that fails (a limit, an
/// obstacle, the branch) the point is solved afresh and the answer nearest the previous pose is taken. Angles of
/// joints that turn freely are unwrapped (<see cref="Unwrap"/>), so a path through ±π does not jump by 2π.
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
    /// n points from a to b, both ends included: (1 − t) a + t b, which cannot overflow where b − a can.
    /// </summary>
    public static Vec3[] Line(Vec3 a, Vec3 b, int n) =>
        [.. Enumerable.Range(0, n).Select(i => n == 1 ? 0.0 : (double)i / (n - 1)).Select(t => (1 - t) * a + t * b)];

    /// <summary>
    /// n points once around a circle parallel to the xy plane, counter-clockwise from angle 0, the start repeated
    /// at the end.
    /// </summary>
    public static Vec3[] Circle(Vec3 centre, double radius, int n) =>
        [.. Enumerable.Range(0, n).Select(i => 2 * Math.PI * i / Math.Max(1, n - 1))
            .Select(a => centre + new Vec3(radius * Math.Cos(a), radius * Math.Sin(a), 0))];

    /// <summary>The path's points as targets, all turned as <paramref name="orientation"/> is.</summary>
    public static Frame[] Frames(IEnumerable<Vec3> path, Frame orientation) =>
        [.. path.Select(p => orientation with { P = p })];

    /// <summary>
    /// θ as the next angle after <paramref name="previous"/> along a path: a joint that turns freely takes the step
    /// modulo 2π to its smallest equivalent; a limited joint cannot pass ±π unless its range does, so its angle is
    /// what it is.
    /// </summary>
    public static double Unwrap(bool turnsFreely, double previous, double theta) =>
        turnsFreely ? previous + Angles.Wrap(theta - previous) : theta;

    // Joints that turn freely: a planar range of a whole turn (the planar chain wraps it), a continuous joint in space
    // (a URDF revolute range of two turns stays a range: an unwrapped angle could leave it).
    static bool[] TurningFreely(IChain chain) =>
        [.. chain.Ranges.Select(r => r.Continuous || (chain is PlanarChain && r.IsFullCircle))];

    /// <summary>
    /// Follows <paramref name="path"/> as <paramref name="options"/> ask (the task; for a planar arm the branch to
    /// hold, or either for none, and the obstacles); <paramref name="cancel"/> stops it between points
    /// (OperationCanceledException).
    /// </summary>
    public static TrajectoryResult Follow(IkSolver solver, IReadOnlyList<Frame> path, SolveOptions? options = null,
        CancellationToken cancel = default)
    {
        options ??= new SolveOptions();
        var task = options.Task ?? solver.Task;
        var free = TurningFreely(solver.Chain);
        var points = new List<TrajectoryPoint>(path.Count);
        var breaks = new List<TrajectoryBreak>();
        double[]? previous = null;
        for (var i = 0; i < path.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var target = path[i];
            var (theta, status, jumped) = (default(double[]), SolveStatus.Ok, false);
            if (previous is not null)
            {
                var start = (double[])previous.Clone();
                if (solver.Continue(target, options, start))
                    theta = start;
            }
            if (theta is null)
            {
                // An arm searched from references starts at the previous pose: the jump, if any, is the smallest.
                var solution = solver.Solve(target, options with
                {
                    Answers = FreshAnswers, Near = solver.Chain is PlanarChain ? null : previous,
                }, cancel);
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
                AddBreak(breaks, i, status, options.Branch is not null
                    && solver.Solve(target, options with { Answers = 1, Branch = null }, cancel).Status
                        == SolveStatus.Ok);
                points.Add(new TrajectoryPoint(target, status, null, double.NaN, double.NaN, false));
                continue;
            }
            for (var j = 0; previous is not null && j < theta.Length; j++)
                theta[j] = Unwrap(free[j], previous[j], theta[j]);
            var (position, orientation) = task.Errors(target, solver.Chain.Forward(theta));
            points.Add(new TrajectoryPoint(target, status, theta, position, orientation, jumped));
            previous = theta;
        }
        return new TrajectoryResult(options.Branch, points, breaks);
    }

    // Point i could not be taken: it extends the run ending at i − 1, or starts one (with the first point's status).
    static void AddBreak(List<TrajectoryBreak> breaks, int i, SolveStatus status, bool otherBranchWorks)
    {
        if (breaks.Count > 0 && breaks[^1].To == i - 1)
            breaks[^1] = breaks[^1] with { To = i, OtherBranchWorks = breaks[^1].OtherBranchWorks || otherBranchWorks };
        else
            breaks.Add(new TrajectoryBreak(i, i, status, otherBranchWorks));
    }
}
