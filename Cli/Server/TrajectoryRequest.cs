using System.Text.Json;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli.Server;

/// <summary>
/// POST /api/trajectory, the path of `neural-ik trajectory`: {"model": name (optional with one model),
/// "line": [x0, y0, x1, y1] or "circle": [cx, cy, r] for a planar arm ([x0, y0, z0, x1, y1, z1] and
/// [cx, cy, cz, r] for a spatial one), "points": 2 to <see cref="MaxPoints"/> (default 50), "elbow": "up" |
/// "down" (planar), "phi": the orientation along the path (planar pose models, which need it),
/// "quaternion": [qx, qy, qz, qw] (spatial; without it any orientation)}: read by <see cref="PathArgs"/>. The
/// answer is the CLI's summary and every point: its target, status, joint angles and errors from FK.
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
    public object Run(ServedModel model, CancellationToken cancel)
    {
        var solver = model.Solver;
        if (solver.Chain is not PlanarChain && Elbow is not null)
            throw new RequestException("\"elbow\" is for planar arms of links");
        var (path, task) = PathArgs.Read(solver, Line, Circle, Points, Phi, Quaternion,
            message => new RequestException(PathArgs.Named(message, "\"{0}\"")));
        var branch = solver.Chain is not PlanarChain ? null : SolverArgs.Branch(Elbow ?? "up");
        var result = Trajectory.Follow(solver, path, new SolveOptions { Task = task, Branch = branch }, cancel);
        var document = PathArgs.Summary(result);
        document["path"] = result.Points.Select(p => new
        {
            target = PathArgs.Coordinates(solver, p.Target), status = IkAnswer.Name(p.Status), theta = p.Theta,
            position_error = p.PositionError, orientation_error = p.OrientationError,
        });
        return document;
    }
}
