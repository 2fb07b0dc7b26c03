using System.Diagnostics;
using System.Globalization;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>
/// `train --data recorded.csv` with no URDF: an arm known only from what it recorded (a soft or continuum arm, or the
/// notebook's 2-link arm from its dataset). Its forward map is learned (<see cref="ForwardMapRecipe.Fit"/>), then
/// the guess network on that map; the model file holds both, and solves through the one solver (ok on the learned
/// map; out of reach beyond the workspace the recordings cover). The held-out distance between the learned map and
/// the measurements says what to expect on the real arm: it is printed, recorded in the model and printed by eval.
/// </summary>
public static class LearnedTraining
{
    const string Prefix = "learned.";
    const double Mm = 1e3;
    /// <summary>The forward map's schedule from the command line (null: the recipe's defaults); the guess follows
    /// it.</summary>
    public static TrainingOptions Options(int? epochs, int? batch, float? lr, ulong seed)
    {
        var defaults = ForwardMapRecipe.Defaults(seed);
        return defaults with
        {
            Epochs = epochs ?? defaults.Epochs, BatchSize = batch ?? defaults.BatchSize,
            LearningRate = lr ?? defaults.LearningRate,
        };
    }

    public static void Run(string data, string outDir, TrainingOptions options, int threads, bool json)
    {
        var recorded = RecordedActuators.Read(data);
        var guessOptions = ForwardMapRecipe.GuessSchedule(options);
        Say.Info($"learned arm: {recorded.Names.Count} actuators ({string.Join(", ", recorded.Names)}) from ",
            $"{recorded.Count:N0} recorded positions ",
            $"{(recorded.Planar ? "in the plane (x, y)" : "in space (x, y, z)")}",
            $" in {data}; ranges as recorded");
        Say.Info($"forward map MLP {recorded.Names.Count}-{string.Join('-', ForwardMapRecipe.Hidden)}-",
            $"{(recorded.Planar ? 2 : 3)} (tanh), then the guess MLP; {options.Epochs} + {guessOptions.Epochs} ",
            $"epochs, batch {options.BatchSize}, lr {options.LearningRate} cosine to a thousandth, ",
            $"seed {options.Seed}, {threads} core(s)");
        using var held = Interrupt.Lock(outDir);
        using var twoCores = threads == 2 ? new ParallelDense() : null;
        var clock = Stopwatch.StartNew();
        var history = new List<EpochReport>();
        var (chain, heldOut, _) = new EpochProgress(options.Epochs).Run(report => ForwardMapRecipe.Fit(recorded.Names,
            recorded.Actuators, recorded.Positions, recorded.Planar, options, null, Report(report, history),
            twoCores));
        var accuracy = ErrorStats.Of([.. heldOut]);
        Say.Info($"learned map against {heldOut.Length:N0} held-out measurements: median ",
            $"{accuracy.Median * Mm:F3} mm, ",
            $"p95 {accuracy.P95 * Mm:F3} mm, max {accuracy.Max * Mm:F3} mm; now the guess network");
        var guessHistory = new List<EpochReport>();
        var (guess, _) = new EpochProgress(guessOptions.Epochs).Run(report => ForwardMapRecipe.Guess(chain,
            recorded.Actuators, guessOptions, null, Report(report, guessHistory), twoCores));
        var seconds = clock.Elapsed.TotalSeconds;
        var meta = new Dictionary<string, string>
        {
            ["preset"] = "learned", ["data_file"] = Path.GetFileName(data), ["seed"] = Say.Invariant($"{options.Seed}"),
            ["epochs"] = Say.Invariant($"{options.Epochs}"), ["guess_epochs"] = Say.Invariant($"{guessOptions.Epochs}"),
            ["batch"] = Say.Invariant($"{options.BatchSize}"),
            ["lr"] = Say.Invariant($"{options.LearningRate:R} cosine"),
            ["optimizer"] = "adam(beta1=0.9, beta2=0.999, epsilon=1e-7)",
            ["loss"] = "mse(scaled position); guess: mse(scaled actuators)",
            ["final_train_loss"] = SolverTraining.R(history[^1].TrainLoss),
            ["final_validation_loss"] = SolverTraining.R(history[^1].ValidationLoss),
            ["final_guess_validation_loss"] = SolverTraining.R(guessHistory[^1].ValidationLoss),
            [Prefix + "samples"] = Say.Invariant($"{recorded.Count}"),
            [Prefix + "held_out"] = Say.Invariant($"{heldOut.Length}"),
            [Prefix + "median_m"] = SolverTraining.R(accuracy.Median),
            [Prefix + "p95_m"] = SolverTraining.R(accuracy.P95), [Prefix + "max_m"] = SolverTraining.R(accuracy.Max),
        };
        var model = new IkModel(guess.Network, guess.Scaler, chain, guess.Task, ModelKind.Solver, meta);
        var (modelPath, lossPath) = SolverTraining.Write(outDir, model, history, null,
            "learned forward map: MSE of the scaled position");
        var solver = new IkSolver(model);
        var report = SolverTraining.Evaluate(solver, options.Seed + 7);
        Say.JsonOr(json, new
        {
            preset = "learned", model = modelPath, loss_curves = lossPath, train_seconds = seconds,
            final_train_loss = history[^1].TrainLoss, final_validation_loss = history[^1].ValidationLoss,
            recorded = new
            {
                samples = recorded.Count, held_out = heldOut.Length, median_m = accuracy.Median,
                p95_m = accuracy.P95, max_m = accuracy.Max,
            },
            evaluation = report,
        }, () =>
        {
            Say.Result($"final loss: forward map train {history[^1].TrainLoss:E3}  validation ",
                $"{history[^1].ValidationLoss:E3}; guess validation {guessHistory[^1].ValidationLoss:E3}; training ",
                $"{seconds:F1} s");
            EvalPrinter.Print(report, chain);
            PrintRecorded(meta);
            Say.Result($"model: {modelPath}");
            Say.Result($"loss curves: {lossPath}");
        });
    }

    /// <summary>The line eval prints for a model learned from recordings, from the figures its file records.</summary>
    public static void PrintRecorded(IReadOnlyDictionary<string, string> training)
    {
        if (!training.ContainsKey(Prefix + "median_m"))
            return;
        string Mm(string key) => (double.Parse(training[Prefix + key], CultureInfo.InvariantCulture)
            * LearnedTraining.Mm).ToString("F3", CultureInfo.InvariantCulture);
        Say.Result($"[recorded data] learned from {training[Prefix + "samples"]} recorded positions; against the ",
            $"{training[Prefix + "held_out"]} held out, the learned map is {Mm("median_m")} mm off at the median, p95 ",
            $"{Mm("p95_m")} mm, max {Mm("max_m")} mm: what an ok answer is expected to miss by on the real arm");
    }

    static Func<EpochReport, bool> Report(Action<EpochReport> report, List<EpochReport> history) => r =>
    {
        history.Add(r);
        report(r);
        return true;
    };
}
