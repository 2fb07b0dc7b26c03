using System.CommandLine;
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
        var samples = new Option<int>("--samples") { Description = "Targets per distribution",
            DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the test targets",
            DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "One JSON document on stdout" };
        var heatmap = OutputPath.Folder(new Option<string?>("--heatmap") { Description = "Folder for heatmap-up.png " +
            "and heatmap-down.png: the raw network's error over the workspace (2-link models)" });
        var answers = AnswersOption();
        var command = new Command("eval",
            "Measure a solver model against its oracles (analytic IK, closed forms, self-motion)")
        {
            model, samples, seed, json, heatmap, answers,
        };
        command.SetAction(r =>
        {
            var loaded = ModelOption.Load(r.GetValue(model)!);
            var n = ArgParsing.Positive(r.GetValue(samples), "--samples");
            var s = r.GetValue(seed);
            if (ModelOption.IsChain(loaded))
            {
                if (r.GetValue(heatmap) is not null)
                    throw new CliException("--heatmap draws 2-link models; a chain's raw error also depends on the " +
                        "posture asked for");
                return Chain(new ChainSolver(loaded), n, s, r.GetValue(answers), r.GetValue(json));
            }
            var solver = new IkSolver(loaded);
            EvaluationReport[] reports =
            [
                SolverEvaluation.Run(solver, "uniform", SolverEvaluation.Uniform(solver.Arm, n, s)),
                SolverEvaluation.Run(solver, "joint-space",
                    SolverEvaluation.JointSpace(solver.Arm, solver.Limits, n, s + 1)),
                SolverEvaluation.Run(solver, "disc-1.2x", SolverEvaluation.Uniform(solver.Arm, n, s + 2, 1.2)),
            ];
            if (r.GetValue(json))
                Say.Json(reports);
            else
                foreach (var report in reports)
                    EvalPrinter.Print(report, solver.Arm.Reach);
            if (r.GetValue(heatmap) is { } folder)
            {
                foreach (var elbow in new[] { Engine.Kinematics.Elbow.Up, Engine.Kinematics.Elbow.Down })
                {
                    var path = Path.Combine(folder,
                        elbow == Engine.Kinematics.Elbow.Up ? "heatmap-up.png" : "heatmap-down.png");
                    Pictures.ErrorHeatmap.Write(path, solver, elbow);
                    Say.Info($"error heat-map: {path}");
                }
            }
            var failed = reports.Any(x => x.FalseSuccesses > 0 || x.OutsideLimits > 0
                || x.SolvedReachableUnblocked != x.ReachableUnblocked);
            return failed ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Most answers a command looks for per target: the search grows with the count (1,000 took minutes).
    /// </summary>
    public const int MaxAnswers = 32;

    /// <summary>--answers, one rule for every command and model: 1 to <see cref="MaxAnswers"/>.</summary>
    public static Option<int> AnswersOption()
    {
        var option = new Option<int>("--answers")
        {
            Description = $"Distinct answers to look for per target (chains with free links), 1 to {MaxAnswers}",
            DefaultValueFactory = _ => ChainSolver.DefaultAnswers,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var k and (< 1 or > MaxAnswers))
                result.AddError($"--answers must be 1 to {MaxAnswers}, got {k}");
        });
        return option;
    }

    // A chain against the closed forms and the self-motion oracle: joint-space targets (all reachable within the
    // limits),
    // uniform over the workspace disc, and 1.2× the reach.
    static int Chain(ChainSolver solver, int n, ulong seed, int answers, bool json)
    {
        var chain = solver.Chain;
        ChainReport[] reports =
        [
            ChainEvaluation.Run(solver, "joint-space", ChainEvaluation.JointSpace(chain, n, seed + 1),
                allReachable: true, answers),
            ChainEvaluation.Run(solver, "uniform", ChainEvaluation.Uniform(chain, n, seed), allReachable: false,
                answers),
            ChainEvaluation.Run(solver, "disc-1.2x", ChainEvaluation.Uniform(chain, n, seed + 2, 1.2),
                allReachable: false, answers),
        ];
        if (json)
            Say.Json(reports);
        else
            foreach (var report in reports)
                ChainEvalPrinter.Print(report, chain.Reach);
        return reports.Any(ChainEvalPrinter.Failed) ? ExitCodes.Failure : ExitCodes.Ok;
    }
}
