using System.CommandLine;
using System.Globalization;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli.Commands;

/// <summary>
/// `neural-ik trajectory --line … | --circle … [--points 100]`, for any arm: the path followed from pose to pose
/// (<see cref="Trajectory"/>), angles unwrapped, runs of unreachable points and jumps reported, the swept arm drawn,
/// and the joints per point written as CSV. A planar arm holds one branch (--elbow) and, for a pose model, the end
/// orientation --phi; an arm in space holds --quaternion, or any orientation without it. Exit 1 when a point cannot
/// be reached.
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
            var solver = ModelOption.Solver(loaded);
            if (solver.Chain is not PlanarChain && ArgParsing.Given(r, elbow, obstacles) is { } planar)
                throw new CliException($"{planar.Name} is for planar arms of links");
            var (path, task) = PathArgs.Read(solver, ArgParsing.Numbers(r.GetValue(line), "--line"),
                ArgParsing.Numbers(r.GetValue(circle), "--circle"), n, r.GetValue(phi),
                ArgParsing.Numbers(r.GetValue(quaternion), "--quaternion") is var q && q is not (null or { Length: 4 })
                    ? throw new CliException("--quaternion: give four numbers qx,qy,qz,qw") : q,
                message => new CliException(PathArgs.Named(message, "--{0}")));
            var options = new SolveOptions
            {
                Task = task, Obstacles = SolverArgs.Obstacles(r.GetValue(obstacles)),
                Branch = solver.Chain is not PlanarChain ? null : SolverArgs.Branch(r.GetValue(elbow)),
            };
            var result = Trajectory.Follow(solver, path, options);
            Report(result, r.GetValue(json));
            var png = r.GetValue(output)!;
            Draw(png, solver, path, task, result);
            if (r.GetValue(csv) is { } csvPath)
                WriteCsv(csvPath, solver, result);
            Say.Info($"swept arm: {png}");
            return result.Breaks.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    static void Report(TrajectoryResult result, bool json) => Say.JsonOr(json, PathArgs.Summary(result), () =>
    {
        var side = result.Branch is { } branch ? $" on the {SolverArgs.Name(branch)} branch" : "";
        Say.Result($"{result.Solved}/{result.Points.Count} points solved{side}; largest joint step ",
            $"{result.LargestStep:F4} rad; {result.Jumps} jump(s) where following the previous pose failed");
        foreach (var b in result.Breaks)
        {
            var other = result.Branch is null ? ""
                : b.OtherBranchWorks ? "; the other branch reaches them: a branch switch would be forced"
                : "; the other branch cannot reach them either";
            Say.Result($"points {b.From}–{b.To}: {IkAnswer.Name(b.Status)}{other}");
        }
    });

    // Poses drawn along a spatial path: enough to see the sweep, few enough to tell them apart.
    const int Drawn = 12;

    static void Draw(string png, IkSolver solver, Frame[] path, TaskBounds task, TrajectoryResult result)
    {
        var caption = Say.Invariant($"{path.Length} points, {solver.Chain.Count} joints",
            $"{(result.Branch is { } b ? $", elbow {SolverArgs.Name(b)}" : "")}: {result.Solved} solved, ",
            $"{result.Breaks.Count} break(s), {result.Jumps} jump(s)");
        if (solver.Chain is PlanarChain planar)
        {
            TrajectoryRenderer.Write(png, planar, [.. result.Points.Select(p => new SweptPose(
                new Point2(p.Target.P.X, p.Target.P.Y), p.Theta))], caption);
            return;
        }
        var solved = result.Points.Where(p => p.Theta is not null).ToList();
        var count = Math.Min(Drawn, solved.Count);
        var drawn = Enumerable.Range(0, count).Select(i => solved[i * (solved.Count - 1) / Math.Max(1, count - 1)])
            .Select((p, i) => new DrawnPose(p.Theta!, i != 0 && i != count - 1, PoseRenderer.Answers[0])).ToList();
        SpatialRenderer.Write(png, solver.Chain, drawn, path[0], task.HasOrientation, caption,
            [.. path.Select(f => f.P)]);
    }

    // One row per point: the target as the user gave it, the status, each joint by name, the errors from FK.
    static void WriteCsv(string path, IkSolver solver, TrajectoryResult result) => Answers.WriteCsv(path,
        $"index,{string.Join(',', Target.Headers(solver)[0])},status,{Answers.JointColumns(solver.Chain)}",
        result.Points.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
            $"{i},{Answers.Numbers(PathArgs.Coordinates(solver, p.Target))},{IkAnswer.Name(p.Status)},") +
            (p.Theta is { } t ? Answers.Numbers(t) : new string(',', solver.Chain.Count - 1)) +
            string.Create(CultureInfo.InvariantCulture, $",{p.PositionError:R},{p.OrientationError:R}")));
}
