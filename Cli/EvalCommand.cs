using System.CommandLine;
using System.Text.Json;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// `neural-ik eval`: the solver against the analytic oracle on fresh seeded targets: uniform over the
/// workspace, the seed's joint-space distribution, and a disc 1.2× the reach (so a sixth of the targets
/// are unreachable and must never be reported solved). Exit 1 if any check fails.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var samples = new Option<int>("--samples") { Description = "Targets per distribution", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the test targets", DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "One JSON document on stdout" };
        var heatmap = new Option<string?>("--heatmap") { Description = "Folder for heatmap-up.png and heatmap-down.png: the raw network's error over the workspace" };
        var command = new Command("eval", "Measure a solver model against the analytic IK") { model, samples, seed, json, heatmap };
        command.SetAction(r =>
        {
            var solver = new IkSolver(ModelOption.Load(r.GetValue(model)!));
            var n = ArgParsing.Positive(r.GetValue(samples), "--samples");
            var s = r.GetValue(seed);
            EvaluationReport[] reports =
            [
                SolverEvaluation.Run(solver, "uniform", SolverEvaluation.Uniform(solver.Arm, n, s)),
                SolverEvaluation.Run(solver, "joint-space", SolverEvaluation.JointSpace(solver.Arm, solver.Limits, n, s + 1)),
                SolverEvaluation.Run(solver, "disc-1.2x", SolverEvaluation.Uniform(solver.Arm, n, s + 2, 1.2)),
            ];
            if (r.GetValue(json))
                Say.Result($"{JsonSerializer.Serialize(reports)}");
            else
                foreach (var report in reports)
                    EvalPrinter.Print(report, solver.Arm.Reach);
            if (r.GetValue(heatmap) is { } folder)
            {
                foreach (var elbow in new[] { Engine.Kinematics.Elbow.Up, Engine.Kinematics.Elbow.Down })
                {
                    var path = Path.Combine(folder, elbow == Engine.Kinematics.Elbow.Up ? "heatmap-up.png" : "heatmap-down.png");
                    Pictures.ErrorHeatmap.Write(path, solver, elbow);
                    Say.Info($"error heat-map: {path}");
                }
            }
            var failed = reports.Any(x => x.FalseSuccesses > 0 || x.OutsideLimits > 0 || x.SolvedReachableUnblocked != x.ReachableUnblocked);
            return failed ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }
}
