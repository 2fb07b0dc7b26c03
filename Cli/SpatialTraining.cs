using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>
/// The solver preset for a spatial arm read from a URDF file: trains on fresh FK samples within the limits,
/// saves a self-contained model (the whole chain is in the file), draws the loss curves, and evaluates on
/// 10,000 targets made by FK of poses within the limits.
/// </summary>
public static class SpatialTraining
{
    public const int EvaluationTargets = 10_000;

    public static void Run(TrainSettings settings, Checkpoint? resume = null)
    {
        var chain = settings.Spatial;
        var options = settings.SolverOptions;
        var layout = new SpatialLayout(chain, TaskBounds.Pose);
        Say.Info($"preset solver: {chain.Count}-joint arm {chain.BaseLink} → {chain.TipLink} from ",
            $"{settings.Robot!.Path} (reach bound {chain.Reach:F3} m), full poses; MLP {layout.Inputs}-",
                $"{string.Join('-', options.Hidden)}-{layout.Outputs}, loss joint MSE + {options.FkWeight} × FK ",
                    $"(position and orientation)");
        Say.Info($"{options.Epochs} epochs of {options.SamplesPerEpoch:N0} fresh samples, batch ",
            $"{options.BatchSize}, lr {options.LearningRate} → {options.FinalLearningRate} (cosine), ",
                $"seed {options.Seed}, {settings.Threads} core(s)");
        var (model, history, seconds) = SolverTraining.Fit(settings, options.Epochs, resume, (kernels, onEpoch, at) =>
            SolverRecipe.Train(chain, TaskBounds.Pose, options, kernels, onEpoch, at));
        var trained = new IkModel(model.Network, model.Scaler, chain, model.Task, ModelKind.Solver,
            new Dictionary<string, string>
        {
            ["preset"] = "solver",
            ["robot_file"] = Path.GetFileName(settings.Robot.Path),
            ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
            ["batch"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["lr"] = Say.Invariant($"{options.LearningRate:R} cosine to {options.FinalLearningRate:R}"),
            ["samples_per_epoch"] = options.SamplesPerEpoch.ToString(CultureInfo.InvariantCulture),
            ["fk_weight"] = options.FkWeight.ToString("R", CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["loss"] = "mse(sin/cos) + fk_weight * fk_spatial_pose",
            ["final_validation_loss"] = history[^1].ValidationLoss.ToString("R", CultureInfo.InvariantCulture),
        });
        var (modelPath, lossPath) = SolverTraining.Write(settings, trained, history,
            $"solver preset, {chain.Count}-joint arm: joint MSE + spatial FK loss");
        var (targets, poses) = SpatialEvaluation.JointSpace(chain, EvaluationTargets, settings.Seed + 7);
        var report = SpatialEvaluation.Run(new IkSolver(trained), targets, poses: poses);
        if (settings.Json)
        {
            Say.Json(new
            {
                preset = "solver", model = modelPath, loss_curves = lossPath, train_seconds = seconds,
                final_train_loss = history[^1].TrainLoss, final_validation_loss = history[^1].ValidationLoss,
                evaluation = report,
            });
            return;
        }
        Say.Result($"final loss: train {history[^1].TrainLoss:E3}  validation {history[^1].ValidationLoss:E3}; ",
            $"training {seconds:F1} s");
        EvalPrinter.Print(report, chain.Reach);
        Say.Result($"model: {modelPath}");
        Say.Result($"loss curves: {lossPath}");
    }
}
