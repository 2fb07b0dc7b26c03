using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// `neural-ik trajectory --line x0,y0,x1,y1 | --circle cx,cy,r [--points 100] [--elbow up|down]`:
/// the path solved on one branch without flips, angles unwrapped, forced switches reported, the swept
/// arm drawn, and the joint angles per point written as CSV.
/// </summary>
public static class TrajectoryCommand
{
    public static Command Create()
    {
        var line = new Option<string?>("--line") { Description = "Straight path x0,y0,x1,y1" };
        var circle = new Option<string?>("--circle") { Description = "Circular path cx,cy,radius" };
        var points = new Option<int>("--points") { Description = "Points along the path", DefaultValueFactory = _ => 100 };
        var elbow = new Option<string>("--elbow") { Description = "up or down", DefaultValueFactory = _ => "up" };
        elbow.AcceptOnlyFromAmong("up", "down");
        var obstacles = SolveCommand.ObstacleOption();
        var output = new Option<string>("--out") { Description = "PNG of the swept arm", DefaultValueFactory = _ => "out/trajectory.png" };
        var csv = new Option<string?>("--csv") { Description = "CSV of the joint angles per point" };
        var json = new Option<bool>("--json") { Description = "One JSON document on stdout" };
        var model = ModelOption.Create();
        var command = new Command("trajectory", "Follow a Cartesian path on one elbow branch") { line, circle, points, elbow, obstacles, output, csv, json, model };
        command.SetAction(r =>
        {
            var solver = new IkSolver(ModelOption.Load(r.GetValue(model)!));
            var n = ArgParsing.Positive(r.GetValue(points), "--points");
            var path = (r.GetValue(line), r.GetValue(circle)) switch
            {
                ({ } l, null) => Numbers(l, 4, "--line") is var v ? Trajectory.Line(new(v[0], v[1]), new(v[2], v[3]), n) : [],
                (null, { } c) => Numbers(c, 3, "--circle") is var v && v[2] > 0 ? Trajectory.Circle(new(v[0], v[1]), v[2], n)
                    : throw new CliException("--circle: the radius must be positive"),
                _ => throw new CliException("give exactly one of --line x0,y0,x1,y1 or --circle cx,cy,r"),
            };
            var branch = r.GetValue(elbow) == "up" ? Elbow.Up : Elbow.Down;
            var result = Trajectory.Follow(solver, path, branch, SolveCommand.Obstacles(r.GetValue(obstacles)));
            Report(result, r.GetValue(json));
            var png = r.GetValue(output)!;
            var caption = string.Create(CultureInfo.InvariantCulture,
                $"{n} points, elbow {(branch == Elbow.Up ? "up" : "down")}: {result.Points.Count(p => p.Answer.Succeeded)} solved, {result.Breaks.Count} break(s)");
            TrajectoryRenderer.Write(png, solver.Arm, result, caption);
            if (r.GetValue(csv) is { } csvPath)
                WriteCsv(csvPath, result);
            Say.Info($"swept arm: {png}");
            return result.Breaks.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    static void Report(TrajectoryResult result, bool json)
    {
        if (json)
        {
            Say.Result($"{JsonSerializer.Serialize(new
            {
                branch = result.Branch == Elbow.Up ? "up" : "down",
                points = result.Points.Count,
                solved = result.Points.Count(p => p.Answer.Succeeded),
                largest_step = result.LargestStep,
                breaks = result.Breaks.Select(b => new { from = b.From, to = b.To, status = IkAnswer.Name(b.Status), other_branch_works = b.OtherBranchWorks }),
            })}");
            return;
        }
        Say.Result($"{result.Points.Count(p => p.Answer.Succeeded)}/{result.Points.Count} points solved on the {(result.Branch == Elbow.Up ? "up" : "down")} branch; largest joint step {result.LargestStep:F4} rad");
        foreach (var b in result.Breaks)
            Say.Result($"points {b.From}–{b.To}: {IkAnswer.Name(b.Status)}{(b.OtherBranchWorks ? "; the other branch reaches them: a branch switch would be forced" : "; the other branch cannot reach them either")}");
    }

    static double[] Numbers(string text, int count, string name)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        if (parts.Length != count || parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).Any(ok => !ok))
            throw new CliException($"{name}: '{text}' is not {count} finite numbers separated by commas");
        return values;
    }

    static void WriteCsv(string path, TrajectoryResult result) =>
        AtomicFile.WriteAllText(path, "index,x,y,status,theta1,theta2,residual\n" + string.Concat(result.Points.Select((p, i) =>
            string.Create(CultureInfo.InvariantCulture,
                $"{i},{p.Target.X:R},{p.Target.Y:R},{IkAnswer.Name(p.Answer.Status)},{p.Theta1:R},{p.Theta2:R},{p.Answer.Residual:R}\n"))));
}
