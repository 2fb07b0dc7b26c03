using System.CommandLine;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli.Commands;

/// <summary>
/// `neural-ik solve X Y [PHI]` (a planar arm) or `X Y Z [QX QY QZ QW]` (an arm in space; without the quaternion, any
/// orientation) `[--answers K] [--json]`, with `--elbow` and `--obstacle` for planar arms, `--candidates` and
/// `--budget-ms` for any; or a batch `--input targets.csv --output solutions.csv`. One handler, one text, JSON and
/// CSV shape for every arm (<see cref="Answers"/>): a non-redundant planar arm answers once per branch, others with
/// up to --answers distinct poses and their spread; a seed-preset model with its one averaged pose. Exit 1 when nothing
/// reaches the target.
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
        var (candidates, budget) = SolverArgs.StopOptions();
        var guess = SolverArgs.GuessOption();
        var steps = SolverArgs.StepsOption();
        var (near, nearMode) = SolverArgs.NearOptions();
        var input = new Option<string?>("--input") { Description = "CSV of targets with the header x,y (x,y,phi for " +
            "planar pose models), or x,y,z (any orientation) or x,y,z,qx,qy,qz,qw for a spatial arm" };
        var output = OutputPath.File(new Option<string?>("--output") { Description = "CSV of answers, one row per " +
            "answer: the target's columns, status, answer, then branch,theta1…thetaN,residual (planar) or each " +
            "joint by name,position_error,orientation_error (spatial)" });
        var command = new Command("solve",
            "Joint angles that reach (X, Y), per elbow branch; for a redundant chain, several distinct answers")
        {
            x, y, phi, quaternion[0], quaternion[1], quaternion[2], quaternion[3], model, elbow, answerCount,
            obstacles, json, candidates, budget, guess, steps, near, nearMode, input, output,
        };
        command.SetAction(r =>
        {
            var loaded = ModelOption.Load(r.GetValue(model)!);
            var numbers = SolverArgs.Numbers(r, [x, y, phi, .. quaternion]);
            if (loaded.Kind == ModelKind.Seed)
            {
                if (ArgParsing.Given(r, elbow, obstacles, answerCount, candidates, budget, guess, steps, near, input) is
                    { } solverOnly)
                    throw new CliException($"{solverOnly.Name} needs a solver model; this seed-preset model gives " +
                        "one averaged answer");
                SolverArgs.NoPhi(r.GetValue(phi));
                return SolveWithSeedModel(loaded, r.GetValue(x), r.GetValue(y), r.GetValue(json));
            }
            var solver = ModelOption.Solver(loaded, SolverArgs.Steps(r.GetValue(steps), loaded));
            var spatial = solver.Task.IsSpatial;
            if (solver.Chain is not PlanarChain && ArgParsing.Given(r, elbow, obstacles) is { } planarOnly)
                throw new CliException($"{planarOnly.Name} is for planar arms of links" +
                    (solver.Chain is LearnedChain ? ", not one learned from its recordings" : ""));
            var options = new SolveOptions
            {
                Answers = r.GetValue(answerCount),
                Branch = SolverArgs.Branch(r.GetValue(elbow)),
                Obstacles = SolverArgs.Obstacles(r.GetValue(obstacles)),
                Stop = SolverArgs.Stop(r.GetValue(candidates), r.GetValue(budget)),
                Network = SolverArgs.Network(r.GetValue(guess)!, solver),
                Near = SolverArgs.Near(r.GetValue(near), solver),
                NearMode = r.GetValue(nearMode) == "nearest" ? NearMode.Nearest : NearMode.First,
            };
            if (r.GetValue(input) is { } inputPath)
            {
                if (numbers.Length > 0)
                    throw new CliException("give either the target or --input targets.csv, not both");
                return Batch(solver, inputPath, SolverArgs.BatchOutput(inputPath, r.GetValue(output)), options,
                    r.GetValue(json));
            }
            if (numbers.Length == 0)
                throw new CliException($"give the target as {(spatial ? "X Y Z [QX QY QZ QW]" : "X Y")}, or " +
                    "--input targets.csv");
            var target = Target.Read(solver, numbers);
            var solution = solver.Solve(target.Frame, options with { Task = target.Task });
            Say.JsonOr(r.GetValue(json), Answers.Json(solver, target, solution), () => Answers.Print(solver, target,
                solution));
            return solution.Solved.Any() ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    // One row per answer; a target with none gets one row with its status and empty angles. A header of x,y,z asks a
    // spatial arm for positions alone.
    static int Batch(IkSolver solver, string inputPath, string outputPath, SolveOptions options, bool json)
    {
        // An arm searched from references also takes each target's current posture: its joints' columns after the
        // target's.
        var plain = Target.Headers(solver);
        IReadOnlyList<IReadOnlyList<string>> headers = solver.Chain is PlanarChain ? plain
            : [.. plain, .. plain.Select(h => (IReadOnlyList<string>)[.. h, .. solver.Chain.Names])];
        var (kind, columns) = CsvTable.Read<double>(inputPath, headers);
        var header = plain[kind % plain.Count];
        var targets = new Target[columns[0].Length];
        var near = kind >= plain.Count ? new double[targets.Length][] : null;
        for (var i = 0; i < targets.Length; i++)
        {
            try
            {
                targets[i] = Target.Read(solver, [.. columns.Take(header.Count).Select(c => c[i])]);
                if (near is not null)
                    near[i] = [.. columns.Skip(header.Count).Select(c => c[i])];
            }
            catch (ArgumentException e)
            {
                throw new CliException($"{inputPath}:{DataLine(inputPath, i)}: {e.Message}");
            }
        }
        var task = targets[0].Task;
        var solutions = near is null ? solver.Solve([.. targets.Select(t => t.Frame)], options with { Task = task })
            : [.. targets.Select((t, i) => solver.Solve(t.Frame, options with { Task = task, Near = near[i] }))];
        Answers.WriteCsv(outputPath, Answers.CsvHeader(solver, header),
            targets.SelectMany((t, i) => Answers.CsvRows(solver, t, solutions[i])));
        var (solved, found) = (solutions.Count(s => s.Solved.Any()), solutions.Sum(s => s.Solved.Count()));
        Say.JsonOr(json, new { targets = targets.Length, solved, answers = found, output = outputPath },
            () => Say.Info($"{targets.Length:N0} targets, {solved:N0} solved, {found:N0} answers → {outputPath}"));
        return ExitCodes.Ok;
    }

    // The file line of data row i (blank lines are skipped by the reader, so count them here).
    static int DataLine(string path, int row)
    {
        var line = 1;
        foreach (var text in File.ReadLines(path).Skip(1))
        {
            line++;
            if (text.Trim().Length > 0 && row-- == 0)
                return line;
        }
        return line;
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
