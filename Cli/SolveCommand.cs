using System.CommandLine;
using System.Globalization;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// `neural-ik solve X Y [PHI] [--elbow up|down|both] [--answers K] [--obstacle x,y,r]… [--json]`, or a batch
/// `--input targets.csv --output solutions.csv`. A seed-preset model answers with its one averaged pose;
/// a chain model as <see cref="ChainSolve"/> says.
/// </summary>
public static class SolveCommand
{
    public static Option<string[]> ObstacleOption() => new("--obstacle")
    {
        Description = "Circle x,y,radius the links must avoid (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Obstacle[] Obstacles(string[]? texts)
    {
        try
        {
            return [.. (texts ?? []).Select(Obstacle.Parse)];
        }
        catch (FormatException e)
        {
            throw new CliException($"--obstacle: {e.Message}");
        }
    }

    public static Command Create()
    {
        var x = new Argument<double?>("X") { Description = "Target x", Arity = ArgumentArity.ZeroOrOne };
        var y = new Argument<double?>("Y") { Description = "Target y", Arity = ArgumentArity.ZeroOrOne };
        var phi = new Argument<double?>("PHI") { Description = "End orientation in radians (models trained with " +
            "--orientation)", Arity = ArgumentArity.ZeroOrOne };
        var answerCount = EvalCommand.AnswersOption();
        var model = ModelOption.Create();
        var elbow = new Option<string>("--elbow") { Description = "up, down or both",
            DefaultValueFactory = _ => "both" };
        elbow.AcceptOnlyFromAmong("up", "down", "both");
        var obstacles = ObstacleOption();
        var json = new Option<bool>("--json") { Description = "One JSON document on stdout" };
        var input = new Option<string?>("--input") { Description = "CSV of targets with header x,y (x,y,phi for pose " +
            "models)" };
        var output = OutputPath.File(new Option<string?>("--output") { Description = "CSV of answers: " +
            "x,y,status,branch,theta1,theta2,residual " +
            "(chains: x,y[,phi],status,answer,branch,theta1…thetaN,residual)" });
        var command = new Command("solve",
            "Joint angles that reach (X, Y), per elbow branch; for a chain, several distinct answers")
        {
            x, y, phi, model, elbow, answerCount, obstacles, json, input, output,
        };
        command.SetAction(r =>
        {
            var loaded = ModelOption.Load(r.GetValue(model)!);
            var branches = r.GetValue(elbow) switch { "up" => new[] { Elbow.Up }, "down" => [Elbow.Down],
                _ => [Elbow.Up, Elbow.Down] };
            var circles = Obstacles(r.GetValue(obstacles));
            if (ModelOption.IsChain(loaded))
            {
                var request = new ChainSolve.Request(r.GetValue(x), r.GetValue(y), r.GetValue(phi),
                    branches.Length == 1 ? branches[0] : null,
                    r.GetValue(answerCount), circles, r.GetValue(json), r.GetValue(input), r.GetValue(output));
                return ChainSolve.Run(new ChainSolver(loaded), request);
            }
            ChainSolve.PositionOnly(r.GetValue(phi));
            if (loaded.Kind == ModelKind.Seed)
            {
                foreach (var (given, name) in new[] { (r.GetResult(elbow) is { Implicit: false }, "--elbow"),
                             (circles.Length > 0, "--obstacle"), (r.GetResult(answerCount) is { Implicit: false },
                                 "--answers"),
                             (r.GetValue(input) is not null, "--input") })
                {
                    if (given)
                        throw new CliException($"{name} needs a solver model; this seed-preset model gives one " +
                            $"averaged answer");
                }
                return SolveWithSeedModel(loaded, r.GetValue(x), r.GetValue(y), r.GetValue(json));
            }
            var solver = new IkSolver(loaded);
            if (r.GetValue(input) is { } inputPath)
            {
                if (r.GetValue(x) is not null)
                    throw new CliException("give either X Y or --input targets.csv, not both");
                return Batch(solver, inputPath, r.GetValue(output) ?? throw new CliException("--input needs --output"),
                    branches, circles,
                    r.GetValue(json));
            }
            var (tx, ty) = (r.GetValue(x) ?? throw new CliException("give X Y, or --input targets.csv"),
                r.GetValue(y) ?? throw new CliException("give Y as well as X"));
            var answers = branches.Select(b => solver.Solve(ArgParsing.Finite(tx, "X"), ArgParsing.Finite(ty, "Y"), b,
                circles)).ToArray();
            if (r.GetValue(json))
            {
                // One shape with the chain's: the overall status is ok when a branch succeeded, else the first
                // branch's.
                var overall = answers.FirstOrDefault(a => a.Succeeded, answers[0]).Status;
                Say.Json(new
                {
                    target = new[] { tx, ty }, status = IkAnswer.Name(overall), spread = (double?)null,
                    nearest = new[] { answers[0].Nearest.X, answers[0].Nearest.Y }, answers = answers.Select(Json),
                });
            }
            else
            {
                foreach (var a in answers)
                    Print(a, tx, ty);
            }
            return answers.Any(a => a.Succeeded) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    static void Print(IkAnswer a, double x, double y)
    {
        var branch = a.Branch == Elbow.Up ? "up  " : "down";
        if (a.Status is SolveStatus.OutOfReach or SolveStatus.InnerHole)
        {
            Say.Result($"{branch}  {IkAnswer.Name(a.Status)}: ({x:F4}, {y:F4}) cannot be reached; nearest reachable ",
                $"point ({a.Nearest.X:F6}, {a.Nearest.Y:F6})");
            return;
        }
        Say.Result($"{branch}  {IkAnswer.Name(a.Status),-16} θ1 = {a.Theta1,10:F6}  θ2 = {a.Theta2,10:F6}  residual ",
            $"{a.Residual:E1} after {a.Iterations} iterations");
        if (a.Status == SolveStatus.Singular)
            Say.Result($"      the target is the base of an equal-link arm: θ2 = ±π and every θ1 works");
    }

    // Angles of a pose the arm can take; an unreachable target has none (null), not (0, 0).
    static bool HasPose(IkAnswer a) => a.Status is not (SolveStatus.OutOfReach or SolveStatus.InnerHole);

    static object Json(IkAnswer a) => new
    {
        branch = a.Branch == Elbow.Up ? "up" : "down",
        status = IkAnswer.Name(a.Status),
        theta = HasPose(a) ? new[] { a.Theta1, a.Theta2 } : null,
        residual = a.Residual,
        iterations = a.Iterations,
    };

    static int Batch(IkSolver solver, string inputPath, string outputPath, Elbow[] branches, Obstacle[] obstacles,
        bool json)
    {
        var columns = CsvTable.Read<double>(inputPath, ["x", "y"]);
        var targets = columns[0].Select((v, i) => new Point2(v, columns[1][i])).ToArray();
        var answers = branches.Select(b =>
        {
            var buffer = new IkAnswer[targets.Length];
            solver.Solve(targets, b, buffer, obstacles);
            return buffer;
        }).ToArray();
        AtomicFile.Write(outputPath, stream =>
        {
            using var w = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
            w.WriteLine("x,y,status,branch,theta1,theta2,residual");
            for (var i = 0; i < targets.Length; i++)
            {
                foreach (var set in answers)
                {
                    var a = set[i];
                    var theta = HasPose(a) ? string.Create(CultureInfo.InvariantCulture, $"{a.Theta1:R},{a.Theta2:R}")
                        : ",";
                    var branch = a.Branch == Elbow.Up ? "up" : "down";
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{columns[0][i]:R},{columns[1][i]:R},{IkAnswer.Name(a.Status)},{branch},{theta},"
                        + $"{a.Residual:R}"));
                }
            }
        });
        var solved = answers.Sum(set => set.Count(a => a.Succeeded));
        if (json)
            Say.Json(new { targets = targets.Length, answers = targets.Length * branches.Length, solved,
                output = outputPath });
        else
            Say.Info($"{targets.Length:N0} targets, {solved:N0} of {targets.Length * branches.Length:N0} answers ",
                $"solved → {outputPath}");
        return ExitCodes.Ok;
    }

    // The seed model's one averaged pose: exit 1 when it misses the target by more than the solver's tolerance.
    static int SolveWithSeedModel(IkModel model, double? x, double? y, bool json)
    {
        var a = SeedAnswer.For(model, x ?? throw new CliException("give X Y"),
            y ?? throw new CliException("give Y as well as X"));
        var hit = a.Error <= 1e-9 * model.Arm.Reach;
        if (json)
        {
            Say.Json(new
            {
                target = new[] { a.Target.X, a.Target.Y },
                status = !a.Analytic.Reachable ? "out_of_reach" : hit ? "ok" : "missed",
                theta = new[] { a.Angles.Theta1, a.Angles.Theta2 },
                reached = new[] { a.Reached.X, a.Reached.Y },
                error = a.Error,
            });
        }
        else
        {
            Say.Result($"seed model (one averaged answer, no branches): θ1 = {a.Angles.Theta1:F4}  θ2 = ",
                $"{a.Angles.Theta2:F4}");
            var verdict = hit ? "" : ": the target is missed";
            Say.Result($"FK(θ) = ({a.Reached.X:F4}, {a.Reached.Y:F4}), error {a.Error:F4} (reach ",
                $"{model.Arm.Reach:G3}){verdict}");
        }
        return hit ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
