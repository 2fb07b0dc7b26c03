using System.CommandLine;
using System.Globalization;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>What a training run is asked to do; null numbers take the preset's defaults.</summary>
public sealed record TrainSettings(string Preset, int? Epochs, int? Batch, float? LearningRate, ulong Seed, string DataPath,
    string OutDir, int Threads, Arm Arm, JointLimits Limits, bool Json = false)
{
    public TrainingOptions SeedOptions => new()
    {
        Epochs = Epochs ?? 200, BatchSize = Batch ?? 32, LearningRate = LearningRate ?? 1e-3f, Seed = Seed,
    };

    public SolverOptions SolverOptions
    {
        get
        {
            var defaults = new SolverOptions();
            return defaults with
            {
                Epochs = Epochs ?? defaults.Epochs, BatchSize = Batch ?? defaults.BatchSize,
                LearningRate = LearningRate ?? defaults.LearningRate, Seed = Seed,
            };
        }
    }
}

/// <summary>
/// `neural-ik train`: the solver preset (default: both elbow branches, sin/cos outputs, FK loss,
/// joint limits) or `--preset seed`, the notebook reproduced.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "solver (default) or seed", DefaultValueFactory = _ => "solver" };
        preset.AcceptOnlyFromAmong("solver", "seed");
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (solver 300, seed 200)" };
        var batch = new Option<int?>("--batch") { Description = "Mini-batch size (solver 64, seed 32)" };
        var lr = new Option<float?>("--lr") { Description = "Adam learning rate (solver 2e-3 with cosine decay, seed 1e-3)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed for data, initialisation and shuffling", DefaultValueFactory = _ => 42 };
        var data = new Option<string>("--data") { Description = "Dataset CSV for the seed preset", DefaultValueFactory = _ => GenerateCommand.DefaultPath };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out" };
        var threads = new Option<int>("--threads") { Description = "Cores to train on (1 or 2)", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var links = new Option<string>("--links") { Description = "Link lengths L1,L2", DefaultValueFactory = _ => "1,1" };
        var limits = new Option<string?>("--limits") { Description = "Joint limits \"lo1,hi1;lo2,hi2\" in radians (solver)" };
        var json = new Option<bool>("--json") { Description = "One JSON document on stdout (progress stays on stderr)" };
        var command = new Command("train", "Train a model and write it with its loss curves") { preset, epochs, batch, lr, seed, data, output, threads, links, limits, json };
        command.SetAction(r =>
        {
            var settings = new TrainSettings(r.GetValue(preset)!,
                Positive(r.GetValue(epochs), "--epochs"), Positive(r.GetValue(batch), "--batch"),
                r.GetValue(lr) is { } l && !(l > 0 && float.IsFinite(l)) ? throw new CliException("--lr must be a positive number") : r.GetValue(lr),
                r.GetValue(seed), r.GetValue(data)!, r.GetValue(output)!,
                r.GetValue(threads) is var t && t is 1 or 2 ? t : throw new CliException("--threads must be 1 or 2"),
                ArgParsing.Links(r.GetValue(links)!), ArgParsing.Limits(r.GetValue(limits)), r.GetValue(json));
            if (settings.Preset == "seed")
                SeedTraining.Run(settings);
            else
                SolverTraining.Run(settings);
            return ExitCodes.Ok;
        });
        return command;
    }

    static int? Positive(int? value, string name) => value is { } v ? ArgParsing.Positive(v, name) : null;

    public static string ModelPath(string outDir) => Path.Combine(outDir, "model.safetensors");

    public static void WriteHistory(string path, IReadOnlyList<EpochReport> history) =>
        AtomicFile.WriteAllText(path, "epoch,train_loss,validation_loss,seconds\n" + string.Concat(history.Select(h =>
            string.Create(CultureInfo.InvariantCulture, $"{h.Epoch},{h.TrainLoss:R},{h.ValidationLoss:R},{h.Seconds:R}\n"))));
}
