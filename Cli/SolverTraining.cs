using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>The solver preset: trains, saves, draws the loss curves and evaluates against the analytic oracle.</summary>
public static class SolverTraining
{
    public static IkModel Run(TrainSettings settings, Checkpoint? resume = null)
    {
        var options = settings.SolverOptions;
        Say.Info($"preset solver: MLP {RelativePose.Inputs}-{string.Join('-', options.Hidden)}-{RelativePose.Outputs}, inputs (r, branch), outputs (sin α, cos α, sin θ2, cos θ2), loss joint MSE + {options.FkWeight} × FK position");
        Say.Info($"arm L1 = {settings.Arm.L1}, L2 = {settings.Arm.L2}, limits {settings.Limits}; {options.Epochs} epochs of {options.SamplesPerEpoch:N0} fresh samples, batch {options.BatchSize}, lr {options.LearningRate} → {options.FinalLearningRate} (cosine), seed {options.Seed}, {settings.Threads} core(s)");
        using var twoCores = settings.Threads == 2 ? new ParallelDense() : null;
        var clock = Stopwatch.StartNew();
        IkModel model;
        using var interrupt = Interrupt.Watch(resume);
        try
        {
            (model, _) = new EpochProgress(options.Epochs).Run(report =>
                SolverRecipe.Train(settings.Arm, settings.Limits, options, twoCores is null ? DenseBlocked.Instance : twoCores,
                    interrupt.Around(report), resume?.Resume));
        }
        catch (TrainingDivergedException e)
        {
            throw Diverged.SaveBest(e, e.BestModel, settings.OutDir);
        }
        catch (TrainingInterruptedException e)
        {
            throw interrupt.Save(e, settings);
        }
        Interrupt.Finished(settings);
        var history = interrupt.History;
        var seconds = clock.Elapsed.TotalSeconds;
        var trained = new IkModel(model.Network, model.Scaler, model.Arm, model.Outputs, Metadata(settings, options, history), model.Limits);

        Directory.CreateDirectory(settings.OutDir);
        var modelPath = TrainCommand.ModelPath(settings.OutDir);
        trained.Save(modelPath);
        var lossPath = Path.Combine(settings.OutDir, "loss.png");
        LossPlot.Write(lossPath, [.. history.Select(h => h.TrainLoss)], [.. history.Select(h => h.ValidationLoss)], null,
            "solver preset: joint MSE + FK position loss");
        TrainCommand.WriteHistory(Path.Combine(settings.OutDir, "history.csv"), history);
        var report = SolverEvaluation.Run(new IkSolver(trained), "uniform", SolverEvaluation.Uniform(trained.Arm, 10_000, settings.Seed + 7));
        if (settings.Json)
        {
            Say.Result($"{JsonSerializer.Serialize(new { preset = "solver", model = modelPath, loss_curves = lossPath, seconds, final_train_loss = history[^1].TrainLoss, final_validation_loss = history[^1].ValidationLoss, evaluation = report })}");
            return trained;
        }
        Say.Result($"final loss: train {history[^1].TrainLoss:E3}  validation {history[^1].ValidationLoss:E3}; training {seconds:F1} s");
        EvalPrinter.Print(report, trained.Arm.Reach);
        Say.Result($"model: {modelPath}");
        Say.Result($"loss curves: {lossPath}");
        return trained;
    }

    static Dictionary<string, string> Metadata(TrainSettings s, SolverOptions o, IReadOnlyList<EpochReport> history) => new()
    {
        ["preset"] = "solver",
        ["epochs"] = o.Epochs.ToString(CultureInfo.InvariantCulture),
        ["batch"] = o.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["lr"] = string.Create(CultureInfo.InvariantCulture, $"{o.LearningRate:R} cosine to {o.FinalLearningRate:R}"),
        ["samples_per_epoch"] = o.SamplesPerEpoch.ToString(CultureInfo.InvariantCulture),
        ["fk_weight"] = o.FkWeight.ToString("R", CultureInfo.InvariantCulture),
        ["seed"] = s.Seed.ToString(CultureInfo.InvariantCulture),
        ["optimizer"] = "adam(beta1=0.9, beta2=0.999, epsilon=1e-7)",
        ["loss"] = "mse(sin/cos) + fk_weight * fk_position",
        ["final_train_loss"] = history[^1].TrainLoss.ToString("R", CultureInfo.InvariantCulture),
        ["final_validation_loss"] = history[^1].ValidationLoss.ToString("R", CultureInfo.InvariantCulture),
    };
}
