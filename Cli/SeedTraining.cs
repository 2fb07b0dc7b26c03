using System.Globalization;
using System.Security.Cryptography;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>The seed preset: the notebook reproduced (MSE on raw angles, one averaged answer).</summary>
public static class SeedTraining
{
    /// <summary>The dataset's SHA-256; a resume must find the data its checkpoint trained on.</summary>
    public static string SameData(TrainSettings settings, Checkpoint? resume)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(settings.DataPath)));
        if (resume is not null && settings.DataHash.Length > 0 && settings.DataHash != hash)
            throw new CliException($"{settings.DataPath} changed since the checkpoint was written: --resume needs " +
                $"the data it trained on");
        return hash;
    }

    // Every row must be where the arm puts its angles (to float precision): data generated for other links is refused.
    static void MatchesArm(JointSamples samples, TrainSettings settings)
    {
        var arm = settings.Arm;
        for (var i = 0; i < samples.Count; i++)
        {
            var p = arm.Forward(samples.Theta1[i], samples.Theta2[i]);
            if (p.DistanceTo(new(samples.X[i], samples.Y[i])) > 1e-5 * arm.Reach)
                throw new CliException(Say.Invariant($"{settings.DataPath}, row {i + 1}: ({samples.X[i]}, ",
                    $"{samples.Y[i]}) is not where links {arm.L1},{arm.L2} put θ = ({samples.Theta1[i]}, ",
                        $"{samples.Theta2[i]}); generate the data with the same --links"));
        }
    }

    public static IkModel Run(TrainSettings settings, Checkpoint? resume = null)
    {
        var samples = JointSamples.Read(settings.DataPath);
        settings = settings with { DataHash = SameData(settings, resume) };
        MatchesArm(samples, settings);
        var split = DataSplit.Create(samples.Count, settings.Seed);
        var recipe = SeedRecipe.Prepare(samples, split);
        Say.Info($"{settings.DataPath}: {samples.Count:N0} samples → train {split.Train.Length:N0}, validation ",
            $"{split.Validation.Length:N0}, test {split.Test.Length:N0}");
        Say.Info($"preset seed: MLP {string.Join('-', SeedRecipe.Sizes)}, ReLU, MSE on (θ1, θ2), Adam ",
            $"lr {settings.SeedOptions.LearningRate}, batch {settings.SeedOptions.BatchSize}, ",
                $"{settings.SeedOptions.Epochs} epochs, seed {settings.SeedOptions.Seed}, {settings.Threads} core(s)");

        Mlp network = null!;
        Trainer trainer = null!;
        var (_, history, wall) = SolverTraining.Fit(settings, settings.SeedOptions.Epochs, resume,
            (twoCores, onEpoch, at) =>
        {
            network = new Mlp(SeedRecipe.Sizes, twoCores ?? (IDenseKernels)DenseBlocked.Instance);
            trainer = new Trainer(network, settings.SeedOptions, twoCores?.Core);
            IkModel Model() => new(network, recipe.Scaler, SeedChain(settings), TaskBounds.PlanarPosition,
                ModelKind.Seed);
            return (Model(), trainer.Fit(recipe.Train, recipe.Validation, onEpoch, at, Model));
        });

        // The second core has stopped with the training.
        network.Kernels = DenseBlocked.Instance;
        var testLoss = Trainer.Evaluate(network, recipe.Test);
        // This process's epochs only: a resumed run's history also holds the epochs before the interruption.
        var ran = history.Where(h => h.Epoch > (resume?.Resume.EpochsDone ?? 0)).ToArray();
        var trainSeconds = ran.Sum(h => h.Seconds);
        var flop = (double)network.TrainingFlopPerSample * recipe.Train.Count * ran.Length;
        var model = new IkModel(network, recipe.Scaler, SeedChain(settings), TaskBounds.PlanarPosition, ModelKind.Seed,
            Metadata(settings, history, testLoss));
        var errors = SeedRecipe.PositionErrors(model, samples, split.Test);
        Array.Sort(errors);

        var (modelPath, lossPath) = SolverTraining.Write(settings.OutDir, model, history, testLoss,
            "seed preset: MSE on joint angles");

        if (settings.Json)
        {
            Say.Json(new
            {
                preset = "seed", model = modelPath, loss_curves = lossPath, train_seconds = trainSeconds,
                gflops = flop / trainSeconds / 1e9, two_core_steps = TwoCoreSteps(trainer),
                final_train_loss = history[^1].TrainLoss,
                final_validation_loss = history[^1].ValidationLoss, test_loss = testLoss,
                position_error = new { mean = errors.Average(), median = errors[errors.Length / 2],
                    p95 = errors[(int)(errors.Length * 0.95)] },
            });
            return model;
        }
        Say.Result($"final loss: train {history[^1].TrainLoss:F4}  validation {history[^1].ValidationLoss:F4}  test ",
            $"{testLoss:F4} (MSE, rad²)");
        Say.Result($"IK position error on the test set: mean {errors.Average():F3}  median ",
            $"{errors[errors.Length / 2]:F3}  p95 {errors[(int)(errors.Length * 0.95)]:F3}  (reach ",
                $"{settings.Arm.Reach:G3})");
        var epochs = ran.Length == history.Count ? "" : Say.Invariant($" for epochs {ran[0].Epoch}–{ran[^1].Epoch}");
        var cores = TwoCoreSteps(trainer) is { } share ? Say.Invariant($", {share:P0} of steps on two cores") : "";
        Say.Result($"training time{epochs}: {trainSeconds:F1} s ({trainSeconds / ran.Length * 1000:F0} ms/epoch, ",
            $"{flop / trainSeconds / 1e9:F1} GFLOP/s{cores}), wall {wall:F1} s with validation");
        Say.Result($"model: {modelPath}");
        Say.Result($"loss curves: {lossPath}");
        return model;
    }

    static Dictionary<string, string> Metadata(TrainSettings s, IReadOnlyList<EpochReport> history, double testLoss)
    {
        var meta = SolverTraining.Metadata("seed", s.SeedOptions.Epochs, s.SeedOptions.BatchSize,
            s.SeedOptions.LearningRate.ToString("R", CultureInfo.InvariantCulture), s, history, "mse");
        meta["test_loss"] = SolverTraining.R(testLoss);
        return meta;
    }

    // Where two cores were asked for, the share of steps that ran on both (the rest were faster on one).
    static double? TwoCoreSteps(Trainer trainer) =>
        double.IsNaN(trainer.TwoCoreShare) ? null : trainer.TwoCoreShare;

    static PlanarChain SeedChain(TrainSettings settings) => new(settings.Arm, JointLimits.Full);
}
