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
/// `--input targets.csv --output solutions.csv`. A solver model answers once per branch (2 links, a 3-link
/// pose) or with up to --answers distinct poses and their spread (a redundant chain); a seed-preset model
/// with its one averaged pose. Exit 1 when nothing reaches the target.
/// </summary>
public static class SolveCommand
{

    public static Command Create()
    {
        var x = new Argument<double?>("X") { Description = "Target x", Arity = ArgumentArity.ZeroOrOne };
        var y = new Argument<double?>("Y") { Description = "Target y", Arity = ArgumentArity.ZeroOrOne };
        var phi = SolverArgs.PhiOrZArgument();
        var quaternion = SolverArgs.QuaternionArguments();
        var answerCount = SolverArgs.AnswersOption();
        var model = ModelOption.Create();
        var elbow = new Option<string>("--elbow") { Description = "up, down or both",
            DefaultValueFactory = _ => "both" };
        elbow.AcceptOnlyFromAmong("up", "down", "both");
        var obstacles = SolverArgs.ObstacleOption();
        var json = new Option<bool>("--json") { Description = "One JSON document on stdout" };
        var budget = new Option<double>("--budget-ms") { Description = "Search time per target of a spatial arm (ms)",
            DefaultValueFactory = _ => 5 };
        var input = new Option<string?>("--input") { Description = "CSV of targets with the header x,y (x,y,phi for " +
            "planar pose models), or x,y,z (any orientation) or x,y,z,qx,qy,qz,qw for a spatial arm" };
        var output = OutputPath.File(new Option<string?>("--output") { Description = "CSV of answers, one row per " +
            "answer: the target's columns, status, answer, then branch,theta1…thetaN,residual (planar) or each " +
            "joint by name,position_error,orientation_error (spatial)" });
        var command = new Command("solve",
            "Joint angles that reach (X, Y), per elbow branch; for a redundant chain, several distinct answers")
        {
            x, y, phi, quaternion[0], quaternion[1], quaternion[2], quaternion[3], model, elbow, answerCount,
            obstacles, json, budget, input, output,
        };
        command.SetAction(r =>
        {
            var loaded = ModelOption.Load(r.GetValue(model)!);
            Elbow? branch = r.GetValue(elbow) switch { "up" => Elbow.Up, "down" => Elbow.Down, _ => null };
            var circles = SolverArgs.Obstacles(r.GetValue(obstacles));
            if (loaded.Chain is SpatialChain)
            {
                if (r.GetResult(elbow) is { Implicit: false } || circles.Length > 0)
                    throw new CliException($"{(circles.Length > 0 ? "--obstacle" : "--elbow")} is for planar arms");
                var spatial = new IkSolver(loaded);
                var ms = r.GetValue(budget) is var b and > 0 and <= 60_000 ? b
                    : throw new CliException("--budget-ms must be more than 0 and at most 60000");
                if (r.GetValue(input) is { } targets)
                    return r.GetValue(x) is not null ? throw new CliException("give either the target or --input " +
                        "targets.csv, not both")
                        : SpatialSolve.Batch(spatial, targets, SolverArgs.BatchOutput(targets, r.GetValue(output)),
                            r.GetValue(answerCount), ms, r.GetValue(json));
                var (pose, task) = SpatialSolve.Target([r.GetValue(x), r.GetValue(y), r.GetValue(phi),
                    .. quaternion.Select(q => r.GetValue(q))]);
                return SpatialSolve.One(spatial, pose, task, r.GetValue(answerCount), ms, r.GetValue(json));
            }
            if (quaternion.Any(q => r.GetValue(q) is not null))
                throw new CliException("QX QY QZ QW are for spatial arms; this planar model takes X Y" +
                    (loaded.Task.HasOrientation ? " PHI" : ""));
            if (r.GetResult(budget) is { Implicit: false })
                throw new CliException("--budget-ms is for spatial arms: a planar model searches a fixed number of " +
                    "candidates");
            if (loaded.Kind == ModelKind.Seed)
            {
                SolverArgs.NoPhi(r.GetValue(phi));
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
            var answers = r.GetValue(answerCount);
            if (r.GetValue(input) is { } inputPath)
            {
                if (r.GetValue(x) is not null)
                    throw new CliException("give either X Y or --input targets.csv, not both");
                return Batch(solver, inputPath, SolverArgs.BatchOutput(inputPath, r.GetValue(output)), answers, branch,
                    circles, r.GetValue(json));
            }
            var target = SolverArgs.Target(solver, r.GetValue(x) ?? throw new CliException("give X Y, or --input " +
                "targets.csv"), r.GetValue(y) ?? throw new CliException("give Y as well as X"), r.GetValue(phi));
            var solution = solver.Solve(target, answers, branch, circles);
            if (r.GetValue(json))
                Say.Json(Json(solver, target, solution));
            else
                Print(solver, target, solution);
            return solution.Solved.Any() ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    static void Print(IkSolver solver, Pose2 target, Solution s)
    {
        if (s.Status is SolveStatus.OutOfReach or SolveStatus.InnerHole)
        {
            Say.Result($"{IkAnswer.Name(s.Status)}: {SolverArgs.Describe(solver, target)} cannot be reached; ",
                $"nearest reachable point ({s.Nearest.X:F6}, {s.Nearest.Y:F6})");
            return;
        }
        var solved = s.Solved.Count();
        Say.Result($"{solver.Planar.Joints}-link arm, target {SolverArgs.Describe(solver, target)}: {solved} ",
            $"answer(s){(solver.Redundant && solved > 1 ? Say.Invariant($", spread {s.Spread:F3} rad") : "")}");
        for (var i = 0; i < s.Answers.Count; i++)
        {
            var a = s.Answers[i];
            var angles = string.Join(", ", a.Theta.ToArray().Select(t => t.ToString("R",
                CultureInfo.InvariantCulture)));
            Say.Result($"#{i + 1} {SolverArgs.Name(a.Branch),-4}  {IkAnswer.Name(a.Status),-16} θ = [{angles}]  ",
                $"residual {a.Residual:E1} after {a.Iterations} iterations");
            if (a.Status == SolveStatus.Singular)
                Say.Result($"      the target is the base of an equal-link arm: θ2 = ±π and every θ1 works");
        }
    }

    /// <summary>The `--json` document of one solved target (also what `serve` answers).</summary>
    internal static object Json(IkSolver solver, Pose2 given, Solution s) => new
    {
        target = solver.Task.HasOrientation ? new[] { given.X, given.Y, given.Phi } : [given.X, given.Y],
        status = IkAnswer.Name(s.Status),
        spread = solver.Redundant ? s.Spread : (double?)null,
        nearest = new[] { s.Nearest.X, s.Nearest.Y },
        answers = s.Answers.Select(a => new
        {
            branch = SolverArgs.Name(a.Branch),
            status = IkAnswer.Name(a.Status),
            theta = a.Theta.ToArray(),
            residual = a.Residual,
            iterations = a.Iterations,
        }),
    };

    // One row per answer; a target with none gets one row with its status and empty angles.
    static int Batch(IkSolver solver, string inputPath, string outputPath, int answers, Elbow? branch,
        Obstacle[] obstacles, bool json)
    {
        string[] header = solver.Task.HasOrientation ? ["x", "y", "phi"] : ["x", "y"];
        var columns = CsvTable.Read<double>(inputPath, header);
        var targets = columns[0].Select((v, i) => new Pose2(v, columns[1][i],
            solver.Task.HasOrientation ? columns[2][i] : 0)).ToArray();
        var solutions = solver.Solve(targets, answers, branch, obstacles);
        var n = solver.Planar.Joints;
        AtomicFile.Write(outputPath, stream =>
        {
            using var w = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
            var thetas = string.Join(',', Enumerable.Range(1, n).Select(j => $"theta{j}"));
            w.WriteLine($"{string.Join(',', header)},status,answer,branch,{thetas},residual");
            for (var i = 0; i < targets.Length; i++)
            {
                // The user's numbers echoed in shortest round-trip form.
                var at = string.Join(',', Enumerable.Range(0, header.Length)
                    .Select(c => columns[c][i].ToString("R", CultureInfo.InvariantCulture)));
                var s = solutions[i];
                if (s.Answers.Count == 0)
                    w.WriteLine($"{at},{IkAnswer.Name(s.Status)},,,{new string(',', n - 1)},");
                for (var k = 0; k < s.Answers.Count; k++)
                {
                    var a = s.Answers[k];
                    var angles = string.Join(',', a.Theta.ToArray().Select(t => t.ToString("R",
                        CultureInfo.InvariantCulture)));
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{at},{IkAnswer.Name(a.Status)},{k + 1},{SolverArgs.Name(a.Branch)},{angles},{a.Residual:R}"));
                }
            }
        });
        var (solved, found) = (solutions.Count(s => s.Solved.Any()), solutions.Sum(s => s.Solved.Count()));
        if (json)
            Say.Json(new { targets = targets.Length, solved, answers = found, output = outputPath });
        else
            Say.Info($"{targets.Length:N0} targets, {solved:N0} solved, {found:N0} answers → {outputPath}");
        return ExitCodes.Ok;
    }

    // The seed model's one averaged pose: exit 1 when it misses the target by more than the solver's tolerance.
    static int SolveWithSeedModel(IkModel model, double? x, double? y, bool json)
    {
        var a = SeedAnswer.For(model, x ?? throw new CliException("give X Y"),
            y ?? throw new CliException("give Y as well as X"));
        var hit = a.Error <= 1e-9 * SeedAnswer.ArmOf(model).Reach;
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
                $"{SeedAnswer.ArmOf(model).Reach:G3}){verdict}");
        }
        return hit ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
