using System.CommandLine;
using System.Globalization;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// `neural-ik trajectory --line x0,y0,x1,y1 | --circle cx,cy,r [--points 100] [--elbow up|down]`:
/// the path followed on one branch from pose to pose (<see cref="Trajectory"/>), angles unwrapped, forced
/// switches reported, the swept arm drawn, and the joint angles per point written as CSV; a pose model
/// keeps the end orientation --phi throughout.
/// </summary>
public static class TrajectoryCommand
{
    /// <summary>
    /// Most points a path may have: every point's pose is kept for the picture (10 M points took 3.1 GB).
    /// </summary>
    public const int MaxPoints = 100_000;

    public static Command Create()
    {
        var line = new Option<string?>("--line") { Description = "Straight path x0,y0,x1,y1 (a spatial arm: " +
            "x0,y0,z0,x1,y1,z1)" };
        var circle = new Option<string?>("--circle") { Description = "Circular path cx,cy,radius (a spatial arm: " +
            "cx,cy,cz,radius, horizontal)" };
        var quaternion = new Option<string?>("--quaternion") { Description = "A spatial arm's orientation along the " +
            "path, qx,qy,qz,qw (default: any)" };
        var points = new Option<int>("--points") { Description = $"Points along the path, 2 to {MaxPoints:N0}",
            DefaultValueFactory = _ => 100 };
        var elbow = new Option<string>("--elbow") { Description = "up or down", DefaultValueFactory = _ => "up" };
        elbow.AcceptOnlyFromAmong("up", "down");
        var obstacles = SolverArgs.ObstacleOption();
        var output = OutputPath.File(new Option<string>("--out") { Description = "PNG of the swept arm",
            DefaultValueFactory = _ => "out/trajectory.png" });
        var csv = OutputPath.File(new Option<string?>("--csv") { Description = "CSV of the joint angles per point" });
        var json = new Option<bool>("--json") { Description = "One JSON document on stdout" };
        var phi = new Option<double?>("--phi") { Description = "End orientation along the path, radians (models " +
            "trained with --orientation)" };
        var model = ModelOption.Create();
        var command = new Command("trajectory", "Follow a Cartesian path on one elbow branch") { line, circle, points,
            elbow, phi, quaternion, obstacles, output, csv, json, model };
        command.SetAction(r =>
        {
            var loaded = ModelOption.Load(r.GetValue(model)!);
            var n = r.GetValue(points) is var k and >= 2 and <= MaxPoints ? k
                : throw new CliException(Say.Invariant($"--points must be 2 to {MaxPoints:N0}, got ",
                    $"{r.GetValue(points)}"));
            if (loaded.Chain is SpatialChain)
            {
                var planar = new Option[] { elbow, phi, obstacles }.FirstOrDefault(o => r.GetResult(o) is
                    { Implicit: false });
                return planar is not null ? throw new CliException($"{planar.Name} is for planar arms")
                    : SpatialPathCommand.Run(new IkSolver(loaded), r.GetValue(line), r.GetValue(circle),
                        r.GetValue(quaternion), n, r.GetValue(output)!, r.GetValue(csv), r.GetValue(json));
            }
            if (r.GetValue(quaternion) is not null)
                throw new CliException("--quaternion is for spatial arms");
            var path = (r.GetValue(line), r.GetValue(circle)) switch
            {
                ({ } l, null) => Numbers(l, 4, "--line") is var v
                    ? Trajectory.Line(new(v[0], v[1]), new(v[2], v[3]), n) : [],
                (null, { } c) => Numbers(c, 3, "--circle") is var v && v[2] > 0
                    ? Trajectory.Circle(new(v[0], v[1]), v[2], n)
                    : throw new CliException("--circle: the radius must be positive"),
                _ => throw new CliException("give exactly one of --line x0,y0,x1,y1 or --circle cx,cy,r"),
            };
            var branch = r.GetValue(elbow) == "up" ? Elbow.Up : Elbow.Down;
            var solver = ModelOption.Solver(loaded);
            RequirePhi(solver.Task, r.GetValue(phi));
            var result = Trajectory.Follow(solver, Trajectory.WithOrientation(path, r.GetValue(phi) ?? 0), branch,
                SolverArgs.Obstacles(r.GetValue(obstacles)));
            Report(result, r.GetValue(json));
            var png = r.GetValue(output)!;
            TrajectoryRenderer.Write(png, solver.Planar,
                [.. result.Points.Select(p => new SweptPose(new Point2(p.Target.X, p.Target.Y), p.Theta))],
                Say.Invariant($"{path.Length} points, {solver.Planar.Joints} links, elbow {SolverArgs.Name(branch)}: ",
                    $"{result.Solved} solved, {result.Breaks.Count} break(s), {result.Jumps} jump(s)"));
            if (r.GetValue(csv) is { } csvPath)
                WriteCsv(csvPath, solver.Planar.Joints, result);
            Say.Info($"swept arm: {png}");
            return result.Breaks.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    static void Report(TrajectoryResult result, bool json)
    {
        var side = SolverArgs.Name(result.Branch ?? Elbow.Up);
        if (json)
        {
            Say.Json(new
            {
                branch = side,
                points = result.Points.Count,
                solved = result.Solved,
                largest_step = result.LargestStep,
                jumps = result.Jumps,
                breaks = result.Breaks.Select(b => new { from = b.From, to = b.To, status = IkAnswer.Name(b.Status),
                    other_branch_works = b.OtherBranchWorks }),
            });
            return;
        }
        Say.Result($"{result.Solved}/{result.Points.Count} points solved on the {side} branch; largest joint step ",
            $"{result.LargestStep:F4} rad; {result.Jumps} jump(s) where following the previous pose failed");
        foreach (var b in result.Breaks)
        {
            var other = b.OtherBranchWorks
                ? "; the other branch reaches them: a branch switch would be forced"
                : "; the other branch cannot reach them either";
            Say.Result($"points {b.From}–{b.To}: {IkAnswer.Name(b.Status)}{other}");
        }
    }

    static void WriteCsv(string path, int joints, TrajectoryResult result)
    {
        var thetas = string.Join(',', Enumerable.Range(1, joints).Select(j => $"theta{j}"));
        string Angles(double[]? theta) => theta is { } t
            ? string.Join(',', t.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))
            : new string(',', joints - 1);
        AtomicFile.WriteAllText(path, $"index,x,y,phi,status,{thetas},residual\n"
            + string.Concat(result.Points.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
                $"{i},{p.Target.X:R},{p.Target.Y:R},{p.Target.Phi:R},{IkAnswer.Name(p.Status)},{Angles(p.Theta)},"
                + $"{p.Residual:R}\n"))));
    }

    // --phi exactly when the model solves full poses.
    static void RequirePhi(TaskBounds kind, double? phi)
    {
        if (kind.HasOrientation != phi is not null)
            throw new CliException(kind.HasOrientation
                ? "this model solves full poses: give --phi, the end orientation along the path"
                    : "--phi is for models trained with --orientation; this one reaches positions");
    }

    internal static double[] Numbers(string text, int count, string name)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        if (parts.Length != count
            || parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture,
                out values[i]) && double.IsFinite(values[i])).Any(ok => !ok))
            throw new CliException($"{name}: '{text}' is not {count} finite numbers separated by commas");
        return values;
    }
}
