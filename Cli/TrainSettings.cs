using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>What a training run is asked to do; null numbers take the preset's defaults.</summary>
public sealed record TrainSettings(string Preset, int? Epochs, int? Batch, float? LearningRate, ulong Seed,
    string DataPath,
    string OutDir, int Threads, PlanarChain Chain, TaskBounds? Target = null, bool Json = false)
{
    /// <summary>
    /// SHA-256 of the dataset the seed preset trains on, kept in checkpoints so a resume finds the same data.
    /// </summary>
    public string DataHash { get; init; } = "";

    /// <summary>The robot file of a spatial arm (--urdf) with its --base and --tip links; null for planar.</summary>
    public RobotFile? Robot { get; init; }

    /// <summary>The spatial chain of a --urdf run, read from its file once (checks and training share it).</summary>
    public SpatialChain Spatial => _spatial ??= Robot is { } r ? Urdf.Load(r.Path, r.Base, r.Tip)
        : throw new InvalidOperationException("a planar run has no robot file");

    SpatialChain? _spatial;

    /// <summary>What the solver reaches: positions unless --orientation asked for full poses.</summary>
    public TaskBounds Task => Target ?? TaskBounds.PlanarPosition;

    /// <summary>Anything but a 2-link arm reaching positions trains the chain solver.</summary>
    public bool IsChain => Chain.Joints != 2 || Task.HasOrientation;

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
        ["limits"] = JointRange.Format(Chain.Limits),
        ["orientation"] = Task.HasOrientation ? "true" : "false",
        ["data_sha256"] = DataHash,
        ["urdf"] = Robot?.Path ?? "",
        ["base"] = Robot?.Base ?? "",
        ["tip"] = Robot?.Tip ?? "",
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
            s.TryGetValue("orientation", out var o) && o == "true" ? TaskBounds.PlanarPose : TaskBounds.PlanarPosition)
        {
            DataHash = s.GetValueOrDefault("data_sha256", ""),
            Robot = s.GetValueOrDefault("urdf", "") is { Length: > 0 } urdf ? new RobotFile(urdf,
                NullIfEmpty(s.GetValueOrDefault("base", "")), NullIfEmpty(s.GetValueOrDefault("tip", ""))) : null,
        };
    }

    static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    public SolverOptions SolverOptions
    {
        get
        {
            var defaults = Robot is null ? SolverRecipe.Defaults(Chain, Task) : SolverRecipe.SpatialDefaults;
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

/// <summary>A robot file and the links its chain runs between (null: the file's defaults).</summary>
public sealed record RobotFile(string Path, string? Base, string? Tip);
