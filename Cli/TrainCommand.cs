using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>What a training run is asked to do.</summary>
public sealed record TrainSettings(string Preset, TrainingOptions Options, string DataPath, string OutDir, int Threads, Arm Arm);

/// <summary>`neural-ik train`: the seed preset reproduces the notebook (MSE on raw angles).</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "Training recipe", DefaultValueFactory = _ => "seed" };
        preset.AcceptOnlyFromAmong("seed");
        var epochs = new Option<int>("--epochs") { Description = "Epochs", DefaultValueFactory = _ => 200 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size", DefaultValueFactory = _ => 32 };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => 1e-3f };
        var seed = new Option<ulong>("--seed") { Description = "Seed for the split, initialisation and shuffling", DefaultValueFactory = _ => 42 };
        var data = new Option<string>("--data") { Description = "Dataset CSV (x,y,theta1,theta2)", DefaultValueFactory = _ => GenerateCommand.DefaultPath };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out" };
        var threads = new Option<int>("--threads") { Description = "Cores to train on (1 or 2)", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var links = new Option<string>("--links") { Description = "Link lengths L1,L2 of the arm the data describes", DefaultValueFactory = _ => "1,1" };
        var command = new Command("train", "Train a model and write it with its loss curves") { preset, epochs, batch, lr, seed, data, output, threads, links };
        command.SetAction(r =>
        {
            var options = new TrainingOptions
            {
                Epochs = ArgParsing.Positive(r.GetValue(epochs), "--epochs"),
                BatchSize = ArgParsing.Positive(r.GetValue(batch), "--batch"),
                LearningRate = r.GetValue(lr) is > 0 and var l && float.IsFinite(l) ? l : throw new CliException("--lr must be a positive number"),
                Seed = r.GetValue(seed),
            };
            var threadCount = r.GetValue(threads) is var t && t is 1 or 2 ? t : throw new CliException("--threads must be 1 or 2");
            Run(new TrainSettings(r.GetValue(preset)!, options, r.GetValue(data)!, r.GetValue(output)!, threadCount, ArgParsing.Links(r.GetValue(links)!)));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string ModelPath(string outDir) => Path.Combine(outDir, "model.safetensors");

    public static IkModel Run(TrainSettings settings)
    {
        var samples = JointSamples.Read(settings.DataPath);
        var split = DataSplit.Create(samples.Count, settings.Options.Seed);
        var recipe = SeedRecipe.Prepare(samples, split);
        Say.Info($"{settings.DataPath}: {samples.Count:N0} samples → train {split.Train.Length:N0}, validation {split.Validation.Length:N0}, test {split.Test.Length:N0}");
        Say.Info($"preset {settings.Preset}: MLP {string.Join('-', SeedRecipe.Sizes)}, ReLU, MSE on (θ1, θ2), Adam lr {settings.Options.LearningRate}, batch {settings.Options.BatchSize}, {settings.Options.Epochs} epochs, seed {settings.Options.Seed}, {settings.Threads} core(s)");

        using var twoCores = settings.Threads == 2 ? new ParallelDense() : null;
        var network = new Mlp(SeedRecipe.Sizes, twoCores is null ? DenseBlocked.Instance : twoCores);
        var trainer = new Trainer(network, settings.Options);
        var clock = Stopwatch.StartNew();
        var history = new EpochProgress(settings.Options.Epochs).Run(report => trainer.Fit(recipe.Train, recipe.Validation, report));
        var wall = clock.Elapsed.TotalSeconds;
        network.Kernels = DenseBlocked.Instance;

        var testLoss = Trainer.Evaluate(network, recipe.Test);
        var trainSeconds = history.Sum(h => h.Seconds);
        var flop = (double)network.TrainingFlopPerSample * recipe.Train.Count * history.Count;
        var model = new IkModel(network, recipe.Scaler, settings.Arm, SeedRecipe.Outputs, Metadata(settings, history, testLoss));
        var errors = SeedRecipe.PositionErrors(model, samples, split.Test);
        Array.Sort(errors);

        Directory.CreateDirectory(settings.OutDir);
        var modelPath = ModelPath(settings.OutDir);
        model.Save(modelPath);
        var lossPath = Path.Combine(settings.OutDir, "loss.png");
        LossPlot.Write(lossPath, [.. history.Select(h => h.TrainLoss)], [.. history.Select(h => h.ValidationLoss)], testLoss,
            $"{settings.Preset} preset: MSE on joint angles");
        WriteHistory(Path.Combine(settings.OutDir, "history.csv"), history);

        Say.Result($"final loss: train {history[^1].TrainLoss:F4}  validation {history[^1].ValidationLoss:F4}  test {testLoss:F4} (MSE, rad²)");
        Say.Result($"IK position error on the test set: mean {errors.Average():F3}  median {errors[errors.Length / 2]:F3}  p95 {errors[(int)(errors.Length * 0.95)]:F3}  (reach {settings.Arm.Reach:G3})");
        Say.Result($"training time: {trainSeconds:F1} s ({trainSeconds / history.Count * 1000:F0} ms/epoch, {flop / trainSeconds / 1e9:F1} GFLOP/s), wall {wall:F1} s with validation");
        Say.Result($"model: {modelPath}");
        Say.Result($"loss curves: {lossPath}");
        return model;
    }

    static Dictionary<string, string> Metadata(TrainSettings s, IReadOnlyList<EpochReport> history, double testLoss) => new()
    {
        ["preset"] = s.Preset,
        ["epochs"] = s.Options.Epochs.ToString(CultureInfo.InvariantCulture),
        ["batch"] = s.Options.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["lr"] = s.Options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["seed"] = s.Options.Seed.ToString(CultureInfo.InvariantCulture),
        ["optimizer"] = "adam(beta1=0.9, beta2=0.999, epsilon=1e-7)",
        ["loss"] = "mse",
        ["final_train_loss"] = history[^1].TrainLoss.ToString("R", CultureInfo.InvariantCulture),
        ["final_validation_loss"] = history[^1].ValidationLoss.ToString("R", CultureInfo.InvariantCulture),
        ["test_loss"] = testLoss.ToString("R", CultureInfo.InvariantCulture),
    };

    static void WriteHistory(string path, IReadOnlyList<EpochReport> history) =>
        Engine.IO.AtomicFile.WriteAllText(path, "epoch,train_loss,validation_loss,seconds\n" + string.Concat(history.Select(h =>
            string.Create(CultureInfo.InvariantCulture, $"{h.Epoch},{h.TrainLoss:R},{h.ValidationLoss:R},{h.Seconds:R}\n"))));
}
