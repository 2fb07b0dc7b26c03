using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// A path as `trajectory` and POST /api/trajectory ask for it, for any arm: a line [x0, y0, x1, y1] or a circle
/// [cx, cy, r] in the plane, [x0, y0, z0, x1, y1, z1] or [cx, cy, cz, r] in space; one orientation along it (φ for a
/// planar pose model, which needs it; a quaternion for an arm in space, whose path without one is positions in any
/// orientation). Every mistake is one line that starts with the field it names when it names one, made into the
/// caller's exception by <c>error</c> (<see cref="Named"/> writes the field as the caller calls it).
/// </summary>
public static class PathArgs
{
    static readonly System.Text.RegularExpressions.Regex Field = new("^(line|circle|quaternion|phi)\\b");

    /// <summary>
    /// A message with its leading field written as <paramref name="format"/> says ("--{0}", "\"{0}\"").
    /// </summary>
    public static string Named(string message, string format) =>
        Field.Replace(message, m => string.Format(System.Globalization.CultureInfo.InvariantCulture, format,
            m.Groups[1].Value));

    public static (Frame[] Path, TaskBounds Task) Read(IkSolver solver, double[]? line, double[]? circle, int n,
        double? phi, double[]? quaternion, Func<string, Exception> error)
    {
        var spatial = solver.Task.IsSpatial;
        var (lineName, circleName) = spatial ? ("[x0, y0, z0, x1, y1, z1]", "[cx, cy, cz, r]")
            : ("[x0, y0, x1, y1]", "[cx, cy, r]");
        var d = spatial ? 3 : 2;
        Vec3 At(double[] v, int i) => new(v[i], v[i + 1], spatial ? v[i + 2] : 0);
        var arm = spatial ? "an arm in space" : "a planar arm";
        var points = (line, circle) switch
        {
            ({ } l, null) => l.Length == 2 * d ? Trajectory.Line(At(l, 0), At(l, d), n)
                : throw error($"line: give {lineName} for {arm}, got {l.Length} numbers"),
            (null, { } c) => c.Length != d + 1 ? throw error($"circle: give {circleName} for {arm}, got {c.Length} " +
                    "numbers")
                : c[d] > 0 ? Trajectory.Circle(At(c, 0), c[d], n) : throw error("circle: the radius must be positive"),
            _ => throw error($"this arm's path is a line {lineName} or a circle {circleName}"),
        };
        if (points.Any(p => !p.IsFinite))
            throw error("the path's points are beyond the largest number (a centre and radius near 1e308): give a " +
                "path whose points are finite");
        if (spatial && phi is not null)
            throw error("phi is for planar arms; an arm in space takes a quaternion");
        if (!spatial && quaternion is not null)
            throw error("the quaternion is for arms in space; a planar pose model takes phi");
        if (!spatial && solver.Task.HasOrientation != phi.HasValue)
            throw error(phi.HasValue ? "phi is for models that solve full poses"
                : "this model solves full poses: give phi, the orientation along the path");
        var orientation = Frame.InPlane(new Pose2(0, 0, phi ?? 0));
        if (quaternion is { } q)
        {
            try
            {
                orientation = Frame.FromQuaternion(Vec3.Zero, q[0], q[1], q[2], q[3]);
            }
            catch (ArgumentException e)
            {
                throw error($"quaternion: {e.Message}");
            }
        }
        var task = spatial && quaternion is null ? TaskBounds.Position : solver.Task;
        return (Trajectory.Frames(points, orientation), task);
    }

    /// <summary>A point's target as the user's coordinates: (x, y[, φ]) in the plane, (x, y, z) in space.</summary>
    public static double[] Coordinates(IkSolver solver, Frame target) => solver.Task.IsSpatial
        ? [target.P.X, target.P.Y, target.P.Z]
        : solver.Task.HasOrientation ? [target.P.X, target.P.Y, Math.Atan2(target.Row1.X, target.Row0.X)]
            : [target.P.X, target.P.Y];

    /// <summary>
    /// The JSON summary of a followed path (`trajectory --json`; POST /api/trajectory adds each point).
    /// </summary>
    public static Dictionary<string, object?> Summary(TrajectoryResult result) => new()
    {
        ["branch"] = result.Branch is { } b ? SolverArgs.Name(b) : null, ["points"] = result.Points.Count,
        ["solved"] = result.Solved, ["largest_step"] = result.LargestStep, ["jumps"] = result.Jumps,
        ["breaks"] = result.Breaks.Select(b => new { from = b.From, to = b.To, status = IkAnswer.Name(b.Status),
            other_branch_works = b.OtherBranchWorks }),
    };
}
