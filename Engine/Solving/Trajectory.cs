using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>One point of a followed path: the solver's answer and the angles unwrapped along the path.</summary>
public readonly record struct TrajectoryPoint(Point2 Target, IkAnswer Answer, double Theta1, double Theta2);

/// <summary>A run of consecutive points the branch cannot take, and why (the first point's status).</summary>
public readonly record struct TrajectoryBreak(int From, int To, SolveStatus Status, bool OtherBranchWorks);

/// <summary>A Cartesian path solved on one branch, never flipping; where the branch fails, a break says so.</summary>
public sealed record TrajectoryResult(Elbow Branch, IReadOnlyList<TrajectoryPoint> Points,
    IReadOnlyList<TrajectoryBreak> Breaks)
{
    /// <summary>Largest joint step between consecutive solved points, in radians.</summary>
    public double LargestStep => Points.Zip(Points.Skip(1))
        .Where(p => p.First.Answer.Succeeded && p.Second.Answer.Succeeded)
        .Select(p => Math.Max(Math.Abs(p.Second.Theta1 - p.First.Theta1), Math.Abs(p.Second.Theta2 - p.First.Theta2)))
        .DefaultIfEmpty(0).Max();
}

public static class Trajectory
{
    /// <summary>n points from a to b, both ends included.</summary>
    public static Point2[] Line(Point2 a, Point2 b, int n) =>
        [.. Enumerable.Range(0,
            n).Select(i => n == 1 ? a : new Point2(a.X + (b.X - a.X) * i / (n - 1), a.Y + (b.Y - a.Y) * i / (n - 1)))];

    /// <summary>n points once around a circle, counter-clockwise from angle 0, the start repeated at the end.</summary>
    public static Point2[] Circle(Point2 center, double radius, int n) =>
        [.. Enumerable.Range(0, n).Select(i => 2 * Math.PI * i / Math.Max(1, n - 1))
            .Select(a => new Point2(center.X + radius * Math.Cos(a), center.Y + radius * Math.Sin(a)))];

    /// <summary>
    /// θ as the next angle after <paramref name="previous"/> along a path: a full-circle joint takes the step
    /// modulo 2π to its smallest equivalent, so a path through ±π does not jump by 2π; a limited joint
    /// cannot pass ±π unless its range does, so its angle is what it is.
    /// </summary>
    public static double Unwrap(AngleRange range, double previous, double theta) =>
        range.IsFullCircle ? previous + Angles.Wrap(theta - previous) : theta;

    /// <summary>
    /// Point i could not be taken: it extends the run ending at i − 1, or starts one (with the first point's status).
    /// </summary>
    public static void AddBreak(List<TrajectoryBreak> breaks, int i, SolveStatus status, bool otherBranchWorks)
    {
        if (breaks.Count > 0 && breaks[^1].To == i - 1)
            breaks[^1] = breaks[^1] with { To = i, OtherBranchWorks = breaks[^1].OtherBranchWorks || otherBranchWorks };
        else
            breaks.Add(new TrajectoryBreak(i, i, status, otherBranchWorks));
    }

    /// <summary>Solves every point on <paramref name="elbow"/> and unwraps the angles (<see cref="Unwrap"/>).</summary>
    public static TrajectoryResult Follow(IkSolver solver, Point2[] path, Elbow elbow,
        ReadOnlySpan<Obstacle> obstacles = default)
    {
        var answers = new IkAnswer[path.Length];
        var other = new IkAnswer[path.Length];
        solver.Solve(path, elbow, answers, obstacles);
        solver.Solve(path, elbow == Elbow.Up ? Elbow.Down : Elbow.Up, other, obstacles);
        var points = new List<TrajectoryPoint>(path.Length);
        var breaks = new List<TrajectoryBreak>();
        double? last1 = null, last2 = null;
        for (var i = 0; i < path.Length; i++)
        {
            var a = answers[i];
            var (t1, t2) = (a.Theta1, a.Theta2);
            if (a.Succeeded)
            {
                t1 = last1 is { } p1 ? Unwrap(solver.Limits.Joint1, p1, t1) : t1;
                t2 = last2 is { } p2 ? Unwrap(solver.Limits.Joint2, p2, t2) : t2;
                (last1, last2) = (t1, t2);
            }
            else
            {
                AddBreak(breaks, i, a.Status, other[i].Succeeded);
            }
            points.Add(new TrajectoryPoint(path[i], a, t1, t2));
        }
        return new TrajectoryResult(elbow, points, breaks);
    }
}
