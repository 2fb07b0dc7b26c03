using System.CommandLine;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli.Commands;

/// <summary>
/// `neural-ik eval`: the solver against its oracles (<see cref="Evaluation"/>) on fresh seeded targets: the
/// joint-space distribution (joint angles uniform within the limits), uniform over the workspace disc, and
/// a disc 1.2× the reach (some targets unreachable, which must never be reported solved). Exit 1 if any
/// check fails.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var samples = new Option<int>("--samples") { Description = "Targets per distribution",
            DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the test targets",
            DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "One JSON document on stdout" };
        var heatmap = OutputPath.Folder(new Option<string?>("--heatmap") { Description = "Folder for heatmap-up.png " +
            "and heatmap-down.png: the raw network's error over the workspace (2-link models)" });
        var answers = SolverArgs.AnswersOption();
        var (candidates, budget) = SolverArgs.StopOptions();
        var guess = SolverArgs.GuessOption();
        var steps = SolverArgs.StepsOption();
        var command = new Command("eval",
            "Measure a solver model against its oracles (analytic IK, closed forms, self-motion)")
        {
            model, samples, seed, json, heatmap, answers, candidates, budget, guess, steps,
        };
        command.SetAction(r =>
        {
            var loaded = ModelOption.Load(r.GetValue(model)!);
            var n = ArgParsing.Positive(r.GetValue(samples), "--samples");
            var (s, k) = (r.GetValue(seed), r.GetValue(answers));
            var stop = SolverArgs.Stop(r.GetValue(candidates), r.GetValue(budget));
            if (loaded.Chain is not PlanarChain && r.GetValue(heatmap) is not null)
                throw new CliException("--heatmap draws 2-link position models, not arms in space or learned ones");
            var solver = ModelOption.Solver(loaded, SolverArgs.Steps(r.GetValue(steps), loaded));
            var network = SolverArgs.Network(r.GetValue(guess)!, solver);
            // One answer unless more are asked: the speed that matters for a spatial arm is the first answer's.
            EvaluationReport[] reports = solver.Chain is not PlanarChain
                ? [Evaluation.Run(solver, Evaluation.JointSpace(solver.Chain, n, s),
                    ArgParsing.Given(r, answers) is null ? 1 : k, stop, network)]
                :
                [
                    Evaluation.Run(solver, Evaluation.JointSpace(solver.Planar, n, s + 1), k, stop),
                    Evaluation.Run(solver, Evaluation.Uniform(solver.Planar, solver.Task, n, s), k, stop),
                    Evaluation.Run(solver, Evaluation.Uniform(solver.Planar, solver.Task, n, s + 2, 1.2), k, stop),
                ];
            Say.JsonOr(r.GetValue(json), reports, () =>
            {
                Array.ForEach(reports, x => EvalPrinter.Print(x, solver.Chain));
                CalibrationReport.PrintRecorded(loaded.Training);
                LearnedTraining.PrintRecorded(loaded.Training);
            });
            if (r.GetValue(heatmap) is { } folder)
                Heatmaps(solver, folder);
            return reports.Any(x => x.Failed) ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    // The raw network's error over the workspace per branch: a picture for a 2-link position model, whose error
    // depends on the target alone (a redundant chain's also on the posture asked for).
    static void Heatmaps(IkSolver solver, string folder)
    {
        if (solver.Planar.Joints != 2 || solver.Task.HasOrientation)
            throw new CliException("--heatmap draws 2-link position models; a chain's raw error also depends on the " +
                "posture asked for");
        foreach (var elbow in new[] { Elbow.Up, Elbow.Down })
        {
            var path = Path.Combine(folder, elbow == Elbow.Up ? "heatmap-up.png" : "heatmap-down.png");
            Pictures.ErrorHeatmap.Write(path, solver, elbow);
            Say.Info($"error heat-map: {path}");
        }
    }
}
