using System.Text.Json;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli.Server;

/// <summary>
/// POST /api/trajectory, the path of `neural-ik trajectory`: {"model": name (optional with one model),
/// "line": [x0, y0, x1, y1] or "circle": [cx, cy, r] for a planar arm ([x0, y0, z0, x1, y1, z1] and
/// [cx, cy, cz, r] for a spatial one), "points": 2 to <see cref="MaxPoints"/> (default 50), "elbow": "up" |
/// "down" (planar), "phi": the orientation along the path (planar pose models, which need it),
/// "quaternion": [qx, qy, qz, qw] (spatial; without it any orientation)}. The answer is the CLI's summary and
/// every point: its target, status and joint angles.
/// </summary>
public sealed record TrajectoryRequest(string? Model, double[]? Line, double[]? Circle, int Points, string? Elbow,
    double? Phi, double[]? Quaternion)
{
    public const int MaxPoints = 10_000;
    static readonly string[] Fields = ["model", "line", "circle", "points", "elbow", "phi", "quaternion"];

    public static TrajectoryRequest Read(JsonElement root)
    {
        RequestFields.RequireObject(root, Fields, "\"line\" or \"circle\"");
        var (hasLine, hasCircle) = (root.TryGetProperty("line", out var line), root.TryGetProperty("circle",
            out var circle));
        if (hasLine == hasCircle)
            throw new RequestException("give exactly one of \"line\" or \"circle\"");
        var points = RequestFields.WholeNumber(root, "points", 50);
        if (points is < 2 or > MaxPoints)
            throw new RequestException($"\"points\" must be 2 to {MaxPoints:N0}, got {points}");
        var elbow = RequestFields.OptionalString(root, "elbow");
        if (elbow is not (null or "up" or "down"))
            throw new RequestException($"\"elbow\" must be \"up\" or \"down\", got \"{elbow}\"");
        return new TrajectoryRequest(RequestFields.OptionalString(root, "model"),
            hasLine ? RequestFields.Numbers(line, "line", 4, 6) : null,
            hasCircle ? RequestFields.Numbers(circle, "circle", 3, 4) : null, points, elbow,
            root.TryGetProperty("phi", out var phi) ? RequestFields.Finite(phi, "phi") : null,
            root.TryGetProperty("quaternion", out var q) ? RequestFields.Numbers(q, "quaternion", 4, 4) : null);
    }

    /// <summary>
    /// Follows the path with the model's solver (until <paramref name="cancel"/>); the JSON document of the answer.
    /// </summary>
    public object Run(ServedModel model, CancellationToken cancel) => model.Spatial is { } spatial
        ? Spatial(spatial, cancel) : Planar(model.Planar!, cancel);

    object Planar(IkSolver solver, CancellationToken cancel)
    {
        if (Quaternion is not null)
            throw new RequestException("\"quaternion\" is for spatial arms");
        if (solver.Task.HasOrientation != Phi.HasValue)
            throw new RequestException(Phi.HasValue ? "\"phi\" is for models that solve full poses"
                : "this model solves full poses: give \"phi\", the orientation along the path");
        var path = (Line, Circle) switch
        {
            ({ Length: 4 } l, _) => Trajectory.Line(new(l[0], l[1]), new(l[2], l[3]), Points),
            (_, { Length: 3 } c) when c[2] > 0 => Trajectory.Circle(new(c[0], c[1]), c[2], Points),
            (_, { Length: 3 }) => throw new RequestException("\"circle\": the radius must be positive"),
            _ => throw new RequestException("a planar arm's path is \"line\": [x0, y0, x1, y1] or " +
                "\"circle\": [cx, cy, r]"),
        };
        if (path.Any(p => !double.IsFinite(p.X) || !double.IsFinite(p.Y)))
            throw new RequestException(Unbounded);
        var branch = Elbow == "down" ? Engine.Kinematics.Elbow.Down : Engine.Kinematics.Elbow.Up;
        var result = Trajectory.Follow(solver, Trajectory.WithOrientation(path, Phi ?? 0), branch, cancel: cancel);
        return new
        {
            branch = SolverArgs.Name(branch), points = result.Points.Count, solved = result.Solved,
            largest_step = result.LargestStep,
            jumps = result.Jumps,
            breaks = result.Breaks.Select(b => new { from = b.From, to = b.To, status = IkAnswer.Name(b.Status),
                other_branch_works = b.OtherBranchWorks }),
            path = result.Points.Select(p => new
            {
                target = solver.Task.HasOrientation ? new[] { p.Target.X, p.Target.Y, p.Target.Phi }
                    : [p.Target.X, p.Target.Y],
                status = IkAnswer.Name(p.Status), theta = p.Theta, residual = Finite(p.Residual),
            }),
        };
    }

    object Spatial(IkSolver solver, CancellationToken cancel)
    {
        if (Elbow is not null)
            throw new RequestException("\"elbow\" is for planar arms");
        var path = (Line, Circle) switch
        {
            ({ Length: 6 } l, _) => SpatialTrajectory.Line(new Vec3(l[0], l[1], l[2]), new Vec3(l[3], l[4], l[5]),
                Points),
            (_, { Length: 4 } c) when c[3] > 0 => SpatialTrajectory.Circle(new Vec3(c[0], c[1], c[2]), c[3], Points),
            (_, { Length: 4 }) => throw new RequestException("\"circle\": the radius must be positive"),
            _ => throw new RequestException("a spatial arm's path is \"line\": [x0, y0, z0, x1, y1, z1] or " +
                "\"circle\": [cx, cy, cz, r]"),
        };
        if (Phi.HasValue)
            throw new RequestException("\"phi\" is for planar arms");
        if (path.Any(p => !p.IsFinite))
            throw new RequestException(Unbounded);
        var orientation = Frame.Identity;
        if (Quaternion is { } q)
        {
            try
            {
                orientation = Frame.FromQuaternion(Vec3.Zero, q[0], q[1], q[2], q[3]);
            }
            catch (ArgumentException e)
            {
                throw new RequestException($"\"quaternion\": {e.Message}");
            }
        }
        var result = SpatialTrajectory.Follow(solver, path, orientation,
            Quaternion is null ? TaskBounds.Position : TaskBounds.Pose, cancel: cancel);
        return new
        {
            points = result.Points.Count, solved = result.Solved, largest_step = result.LargestStep,
            jumps = result.Jumps,
            path = result.Points.Select(p => new
            {
                target = new[] { p.Target.P.X, p.Target.P.Y, p.Target.P.Z }, status = IkAnswer.Name(p.Status),
                theta = p.Theta, position_error = Finite(p.PositionError),
                orientation_error = Finite(p.OrientationError),
            }),
        };
    }

    const string Unbounded = "the path's points are beyond the largest number (a centre and radius near 1e308): give " +
        "a path whose points are finite";

    static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
