using System.Diagnostics;
using System.Globalization;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>
/// The solver preset, for every arm: trains on fresh FK samples within the limits, saves a self-contained model
/// (the whole chain is in the file), draws the loss curves, and evaluates on 10,000 joint-space targets: a planar arm
/// against its oracles (the analytic IK; for a chain, the closed forms and the self-motion oracle), an arm in space
/// by re-verification.
/// </summary>
public static class SolverTraining
{
    public const int EvaluationTargets = 10_000;

    public static IkModel Run(TrainSettings settings, Checkpoint? resume = null)
    {
        var options = settings.SolverOptions;
        Describe(settings, options);
        var (model, history, seconds) = Fit(settings, options.Epochs, resume, (twoCores, onEpoch, at) =>
            SolverRecipe.Train(settings.Chain, settings.Task, options, twoCores, onEpoch, at));
        var trained = model.WithTraining(Metadata(settings, options, history));
        var (modelPath, lossPath) = Write(settings.OutDir, trained, history, null,
            $"solver preset, {Answers.Describe(new IkSolver(trained))}: joint MSE + FK loss");
        var solver = new IkSolver(trained);
        var report = Evaluate(solver, settings.Seed + 7);
        // Network FLOP only (forward, dW, dX), over the whole training (sampling, FK loss and validation in the time,
        // not in the count) and over the steps alone (the FK loss in, the sampling before each epoch out).
        var (epochSeconds, guessFlop) = (history.Sum(h => h.Seconds),
            (double)trained.Network.TrainingFlopPerSample * options.SamplesPerEpoch * history.Count);
        // The learned step's and the direct guess's counts too: their training is in the time.
        var flop = guessFlop + (trained.Step is { } step ? (double)step.TrainingFlopPerSample
            * StepRecipe.TrainingRows(options.StepRows) * options.StepEpochs : 0)
            + (trained.Direct is { } direct ? (double)direct.TrainingFlopPerSample
            * StepRecipe.TrainingRows(options.DirectRows) * options.DirectEpochs : 0);
        var gflops = flop / seconds / 1e9;
        Say.JsonOr(settings.Json, new
        {
            preset = "solver", model = modelPath, loss_curves = lossPath, train_seconds = seconds,
            final_train_loss = history[^1].TrainLoss, final_validation_loss = history[^1].ValidationLoss, gflops,
            evaluation = report,
        }, () =>
        {
            Say.Result($"final loss: train {history[^1].TrainLoss:E3}  validation {history[^1].ValidationLoss:E3}; ",
                $"training {seconds:F1} s, {gflops:F1} GFLOP/s of network FLOP (",
                $"{guessFlop / epochSeconds / 1e9:F1} in the guess network's steps, ",
                $"{epochSeconds / history.Count * 1000:F0} ms/epoch; {settings.Threads} core(s))");
            EvalPrinter.Print(report, trained.Chain);
            Say.Result($"model: {modelPath}");
            Say.Result($"loss curves: {lossPath}");
        });
        return trained;
    }

    /// <summary>
    /// Runs <paramref name="train"/> (the second core if asked for, epoch callback, resume point), with the
    /// progress bar, Ctrl+C checkpoints and the divergence guard's best model; returns the model, the whole
    /// history (a resumed run's included) and the seconds it took.
    /// </summary>
    internal static (IkModel Model, IReadOnlyList<EpochReport> History, double Seconds) Fit(TrainSettings settings,
        int epochs, Checkpoint? resume,
        Func<ParallelDense?, Func<EpochReport, bool>, ResumePoint?, (IkModel, TrainingOutcome)> train)
    {
        using var twoCores = settings.Threads == 2 ? new ParallelDense() : null;
        var clock = Stopwatch.StartNew();
        IkModel model;
        TrainingOutcome outcome;
        using var interrupt = Interrupt.Watch(resume);
        try
        {
            (model, outcome) = new EpochProgress(epochs).Run(report => train(twoCores, interrupt.Around(report),
                resume?.Resume));
        }
        catch (TrainingDivergedException e)
        {
            throw SaveBest(e, settings.OutDir);
        }
        if (outcome.StoppedAt is { } stopped)
            throw interrupt.Save(stopped, settings);
        Interrupt.Finished(settings, resume is not null);
        return (model, interrupt.History, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Writes the model, its loss curves and history.csv into the output folder; returns both paths.</summary>
    internal static (string Model, string LossCurves) Write(string outDir, IkModel model,
        IReadOnlyList<EpochReport> history, double? testLoss, string title)
    {
        Directory.CreateDirectory(outDir);
        var modelPath = ModelPath(outDir);
        model.Save(modelPath);
        var lossPath = Path.Combine(outDir, "loss.png");
        LossPlot.Write(lossPath, [.. history.Select(h => h.TrainLoss)], [.. history.Select(h => h.ValidationLoss)],
            testLoss, title);
        AtomicFile.WriteAllText(Path.Combine(outDir, "history.csv"),
            "epoch,train_loss,validation_loss,seconds\n" +
            string.Concat(history.Select(h => string.Create(CultureInfo.InvariantCulture,
                $"{h.Epoch},{h.TrainLoss:R},{h.ValidationLoss:R},{h.Seconds:R}\n"))));
        return (modelPath, lossPath);
    }

    static string ModelPath(string outDir) => Path.Combine(outDir, "model.safetensors");

    // A run that blew up: save the best network it had, then fail with one line (exit 1). The engine's message
    // names no command-line flag; the one to turn is named here.
    static CliException SaveBest(TrainingDivergedException e, string outDir)
    {
        if (e.BestModel is not { } best)
            return new CliException(e.Message + " (--lr); no model was saved", ExitCodes.Failure);
        Directory.CreateDirectory(outDir);
        best.Save(ModelPath(outDir));
        return new CliException($"{e.Message}; that model was saved to {ModelPath(outDir)}", ExitCodes.Failure);
    }

    /// <summary>The evaluation a training ends with: 10,000 targets from joint vectors within the limits.</summary>
    public static EvaluationReport Evaluate(IkSolver solver, ulong seed)
    {
        return solver.Chain is PlanarChain planar
            ? Evaluation.Run(solver, Evaluation.JointSpace(planar, EvaluationTargets, seed))
            : Evaluation.Run(solver, Evaluation.JointSpace(solver.Chain, EvaluationTargets, seed));
    }

    static void Describe(TrainSettings settings, SolverOptions options)
    {
        var schedule = Say.Invariant($"{options.Epochs} epochs of {options.SamplesPerEpoch:N0} fresh samples, batch ",
            $"{options.BatchSize}, lr {options.LearningRate} → {options.FinalLearningRate} (cosine), seed ",
                $"{options.Seed}, {settings.Threads} core(s)");
        var layout = ILayout.For(settings.Chain, settings.Task);
        var (arm, rest) = settings.Chain switch
        {
            SpatialChain s => ($"{s.Count}-joint arm {s.BaseLink} → {s.TipLink} from {settings.Robot?.Path} (reach " +
                Say.Invariant($"bound {s.Reach:F3} m), full poses"), ""),
            PlanarChain p => ($"{p.Joints}-link arm ({string.Join(", ", p.Links)}), " +
                (settings.Task.HasOrientation ? "full poses (x, y, φ)" : "positions (x, y)") +
                (((ChainLayout)layout).Free is var free && free == 0 ? ", not redundant: two branches"
                    : $", redundant: a posture of {free} free link direction(s) picks the answer"),
                $"; limits {JointRange.Format(p.Limits)}"),
            _ => throw new ArgumentException("no such arm"),
        };
        Say.Info($"preset solver: {arm}");
        Say.Info($"MLP {layout.Inputs}-{string.Join('-', options.Hidden)}-{layout.Outputs}, loss joint MSE + ",
            $"{options.FkWeight} × FK{(settings.Task.HasOrientation ? " (position and orientation)" : "")}{rest}; ",
                $"{schedule}");
        if (options.StepEpochs > 0 && settings.Chain is SpatialChain stepped && settings.Task.HasOrientation)
            Say.Info($"then the learned step: MLP {new StepLayout(stepped).Inputs}-",
                $"{string.Join('-', StepRecipe.Hidden)}-{stepped.Count}, {options.StepEpochs} epochs of ",
                $"{options.StepRows:N0} rows");
        if (options.DirectEpochs > 0 && settings.Chain is SpatialChain direct && settings.Task.HasOrientation)
            Say.Info($"then the direct guess: MLP {DirectLayout.Inputs}-{string.Join('-', DirectRecipe.Hidden)}-",
                $"{2 * direct.Count * DirectRecipe.DefaultHeads} ({DirectRecipe.DefaultHeads} heads, each a pose, ",
                $"trained winner-takes-all), {options.DirectEpochs} epochs of {options.DirectRows:N0} poses");
    }

    static Dictionary<string, string> Metadata(TrainSettings s, SolverOptions o, IReadOnlyList<EpochReport> history)
    {
        var meta = Metadata("solver", o.Epochs, o.BatchSize, Say.Invariant($"{o.LearningRate:R} cosine to ",
            $"{o.FinalLearningRate:R}"), s, history, "mse(sin/cos) + fk_weight * fk_" + (s.Task.IsSpatial ? "spatial_"
                : "") + (s.Task.HasOrientation ? "pose" : "position"));
        (meta["samples_per_epoch"], meta["fk_weight"]) = (Say.Invariant($"{o.SamplesPerEpoch}"), R(o.FkWeight));
        if (s.Robot is { } robot)
            meta["robot_file"] = Path.GetFileName(robot.Path);
        foreach (var (key, value) in s.Calibration)
            meta[TrainSettings.CalibrationPrefix + key] = value;
        return meta;
    }

    /// <summary>The training metadata of both presets: the schedule, seed, optimiser, loss and final losses.</summary>
    internal static Dictionary<string, string> Metadata(string preset, int epochs, int batch, string lr,
        TrainSettings s, IReadOnlyList<EpochReport> history, string loss) => new()
    {
        ["preset"] = preset, ["epochs"] = Say.Invariant($"{epochs}"), ["batch"] = Say.Invariant($"{batch}"),
        ["lr"] = lr, ["seed"] = Say.Invariant($"{s.Seed}"),
        ["optimizer"] = "adam(beta1=0.9, beta2=0.999, epsilon=1e-7)",
        ["loss"] = loss, ["final_train_loss"] = R(history[^1].TrainLoss),
        ["final_validation_loss"] = R(history[^1].ValidationLoss),
    };

    internal static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
