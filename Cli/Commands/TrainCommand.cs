using System.CommandLine;
using System.Globalization;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>What a training run is asked to do; null numbers take the preset's defaults.</summary>
public sealed record TrainSettings(string Preset, int? Epochs, int? Batch, float? LearningRate, ulong Seed,
    string DataPath,
    string OutDir, int Threads, PlanarChain Chain, TargetKind? Target = null, bool Json = false)
{
    /// <summary>
    /// SHA-256 of the dataset the seed preset trains on, kept in checkpoints so a resume finds the same data.
    /// </summary>
    public string DataHash { get; init; } = "";

    /// <summary>What the solver reaches: positions unless --orientation asked for full poses.</summary>
    public TargetKind TargetKind => Target ?? TargetKind.Position;

    /// <summary>Anything but a 2-link arm reaching positions trains the chain solver.</summary>
    public bool IsChain => Chain.Joints != 2 || TargetKind.HasOrientation;

    /// <summary>The 2-link arm of a 2-link run.</summary>
    public Arm Arm => Chain.Base;

    public JointLimits Limits => new(Chain.Limits[0], Chain.Limits[1]);

    public TrainingOptions SeedOptions => new()
    {
        Epochs = Epochs ?? 200, BatchSize = Batch ?? 32, LearningRate = LearningRate ?? 1e-3f, Seed = Seed,
    };

    public Dictionary<string, string> ToDictionary() => new()
    {
        ["preset"] = Preset,
        ["epochs"] = Epochs?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["batch"] = Batch?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["lr"] = LearningRate?.ToString("R", CultureInfo.InvariantCulture) ?? "",
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["data"] = DataPath,
        ["out"] = OutDir,
        ["threads"] = Threads.ToString(CultureInfo.InvariantCulture),
        ["links"] = string.Join(',', Chain.Links.Select(l => l.ToString("R", CultureInfo.InvariantCulture))),
        ["limits"] = AngleRange.Format(Chain.Limits),
        ["orientation"] = TargetKind.HasOrientation ? "true" : "false",
        ["data_sha256"] = DataHash,
    };

    /// <summary>The settings a checkpoint was written with; the output folder is where it was found.</summary>
    public static TrainSettings FromDictionary(IReadOnlyDictionary<string, string> s, string outDir)
    {
        int? Int(string key) => s[key].Length == 0 ? null : int.Parse(s[key], CultureInfo.InvariantCulture);
        return new TrainSettings(s["preset"], Int("epochs"), Int("batch"),
            s["lr"].Length == 0 ? null : float.Parse(s["lr"], CultureInfo.InvariantCulture),
            ulong.Parse(s["seed"], CultureInfo.InvariantCulture), s["data"], outDir, int.Parse(s["threads"],
                CultureInfo.InvariantCulture),
            ArgParsing.Chain(s["links"], s["limits"]),
            s.TryGetValue("orientation", out var o) && o == "true" ? TargetKind.Pose : TargetKind.Position)
        {
            DataHash = s.GetValueOrDefault("data_sha256", ""),
        };
    }

    public SolverOptions SolverOptions
    {
        get
        {
            var defaults = SolverRecipe.Defaults(Chain, TargetKind);
            var start = LearningRate ?? defaults.LearningRate;
            // The cosine schedule decays to the floor; a start below the floor keeps the start throughout.
            return defaults with
            {
                Epochs = Epochs ?? defaults.Epochs, BatchSize = Batch ?? defaults.BatchSize,
                LearningRate = start, FinalLearningRate = Math.Min(start, defaults.FinalLearningRate), Seed = Seed,
            };
        }
    }
}

/// <summary>
/// `neural-ik train`: the solver preset (default: both elbow branches, sin/cos outputs, FK loss,
/// joint limits) for a 2-link arm or, with 3 to 8 `--links` or `--orientation`, for a chain; or
/// `--preset seed`, the notebook reproduced.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "solver (default) or seed",
            DefaultValueFactory = _ => "solver" };
        preset.AcceptOnlyFromAmong("solver", "seed");
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (solver 300, seed 200)" };
        var batch = new Option<int?>("--batch") { Description = "Mini-batch size (solver 64, seed 32)" };
        var lr = new Option<float?>("--lr") { Description = "Adam learning rate (solver 2e-3 with cosine decay, seed " +
            "1e-3)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed for data, initialisation and shuffling",
            DefaultValueFactory = _ => 42 };
        var data = new Option<string>("--data") { Description = "Dataset CSV for the seed preset",
            DefaultValueFactory = _ => GenerateCommand.DefaultPath };
        var output = OutputPath.Folder(new Option<string>("--out") { Description = "Output folder",
            DefaultValueFactory = _ => "out" });
        var threads = new Option<int>("--threads") { Description = "Cores to train on (1 or 2)",
            DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var links = new Option<string>("--links") { Description = "Link lengths L1,L2,… (2 to 8 links)",
            DefaultValueFactory = _ => "1,1" };
        var limits = new Option<string?>("--limits") { Description = "Joint limits \"lo1,hi1;lo2,hi2;…\" in radians, " +
            "one range per link (solver)" };
        var orientation = new Option<bool>("--orientation") { Description = "Solve full poses (x, y, φ): the end " +
            "link's direction too (3 links or more)" };
        var json = new Option<bool>("--json")
        {
            Description = "One JSON document on stdout (progress stays on stderr)",
        };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue the run interrupted in this folder (Ctrl+C writes checkpoint.safetensors there); " +
                "only --epochs, --threads and --json may be given with it",
        };
        var command = new Command("train", "Train a model and write it with its loss curves") { preset, epochs, batch,
            lr, seed, data, output, threads, links, limits, orientation, json, resume };
        command.SetAction(r =>
        {
            if (r.GetValue(resume) is { } folder)
            {
                // The run continues as it was set up: only the number of epochs, the cores and the output format may
                // change.
                Option[] fixedOptions = [preset, batch, lr, seed, data, output, links, limits, orientation];
                var given = fixedOptions.Where(o => r.GetResult(o) is { Implicit: false })
                    .Select(o => o.Name).ToArray();
                if (given.Length > 0)
                    throw new CliException($"--resume continues the run as it was set up: {string.Join(", ", given)} " +
                        $"cannot change (--epochs, --threads and --json can)");
                var checkpoint = Interrupt.Load(folder);
                var resumed = TrainSettings.FromDictionary(checkpoint.Settings,
                    folder) with { Json = r.GetValue(json) };
                if (r.GetResult(threads) is { Implicit: false })
                    resumed = resumed with { Threads = Threads(r.GetValue(threads)) };
                if (Positive(r.GetValue(epochs), "--epochs") is { } more)
                {
                    if (more <= checkpoint.Resume.EpochsDone)
                        throw new CliException($"--epochs {more}: the checkpoint has {checkpoint.Resume.EpochsDone} " +
                            $"epochs done already");
                    resumed = resumed with { Epochs = more };
                }
                if (resumed.Preset == "seed")
                    SeedTraining.SameData(resumed, checkpoint);
                Say.Info($"resuming {resumed.Preset} training after epoch {checkpoint.Resume.EpochsDone} ",
                    $"from {folder}");
                Run(resumed, checkpoint);
                return ExitCodes.Ok;
            }
            var settings = new TrainSettings(r.GetValue(preset)!,
                Positive(r.GetValue(epochs), "--epochs"), Positive(r.GetValue(batch), "--batch"),
                r.GetValue(lr) is { } l && !(l > 0 && float.IsFinite(l))
                    ? throw new CliException("--lr must be a positive number") : r.GetValue(lr),
                r.GetValue(seed), r.GetValue(data)!, r.GetValue(output)!,
                Threads(r.GetValue(threads)),
                ArgParsing.Chain(r.GetValue(links)!, r.GetValue(limits)),
                r.GetValue(orientation) ? TargetKind.Pose : TargetKind.Position, r.GetValue(json));
            if (settings.TargetKind.HasOrientation && settings.Chain.Joints < 3)
                throw new CliException("--orientation needs at least 3 links: a 2-link arm cannot choose its end " +
                    "orientation");
            if (settings.Preset == "seed" && settings.IsChain)
                throw new CliException("--preset seed reproduces the 2-link notebook: it takes 2 links and no " +
                    "--orientation");
            if (settings.Preset == "seed" && r.GetValue(limits) is not null)
                throw new CliException("--limits is for the solver preset: the seed preset learns from its dataset's " +
                    "poses as they are");
            Run(settings, null);
            return ExitCodes.Ok;
        });
        return command;
    }

    static void Run(TrainSettings settings, Checkpoint? resume)
    {
        using var held = Interrupt.Lock(settings.OutDir);
        if (settings.Preset == "seed")
            SeedTraining.Run(settings, resume);
        else
            SolverTraining.Run(settings, resume);
    }

    static int? Positive(int? value, string name) => value is { } v ? ArgParsing.Positive(v, name) : null;

    static int Threads(int value) => value is 1 or 2 ? value : throw new CliException("--threads must be 1 or 2");

    public static string ModelPath(string outDir) => Path.Combine(outDir, "model.safetensors");

    public static void WriteHistory(string path, IReadOnlyList<EpochReport> history) =>
        AtomicFile.WriteAllText(path, "epoch,train_loss,validation_loss,seconds\n" + string.Concat(history.Select(h =>
            string.Create(CultureInfo.InvariantCulture,
                $"{h.Epoch},{h.TrainLoss:R},{h.ValidationLoss:R},{h.Seconds:R}\n"))));
}
