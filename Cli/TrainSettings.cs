using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>What `train --preset` runs: the solver recipe for any arm, or the seed notebook reproduced.</summary>
public enum Preset
{
    Solver,
    Seed,
}

/// <summary>
/// What a training run is asked to do: the chain it trains (a planar arm's links and limits, or the chain read from a
/// URDF file) and what that chain solves; null numbers take the preset's defaults.
/// </summary>
public sealed record TrainSettings(Preset Preset, int? Epochs, int? Batch, float? LearningRate, ulong Seed,
    string DataPath, string OutDir, int Threads, IChain Chain, TaskBounds Task, bool Json = false)
{
    /// <summary>
    /// SHA-256 of the dataset the seed preset trains on, kept in checkpoints so a resume finds the same data.
    /// </summary>
    public string DataHash { get; init; } = "";

    /// <summary>
    /// The robot file a URDF chain was read from, with its --base and --tip links (a resume reads it again).
    /// </summary>
    public RobotFile? Robot { get; init; }

    /// <summary>
    /// A calibrated arm's figures (held-out errors, outliers, samples): recorded in the model file for eval.
    /// </summary>
    public IReadOnlyDictionary<string, string> Calibration { get; init; } = new Dictionary<string, string>();

    /// <summary>Anything but a 2-link arm reaching positions in the plane trains a chain.</summary>
    public bool IsChain => Chain.Count != 2 || Task != TaskBounds.PlanarPosition;

    /// <summary>The 2-link arm of the seed preset.</summary>
    public Arm Arm => Chain is PlanarChain planar ? planar.Base
        : throw new InvalidOperationException("a URDF arm has no 2-link arm");

    public static string Name(Preset preset) => preset == Preset.Seed ? "seed" : "solver";

    public TrainingOptions SeedOptions => new()
    {
        Epochs = Epochs ?? 200, BatchSize = Batch ?? 32, LearningRate = LearningRate ?? 1e-3f, Seed = Seed,
    };

    public Dictionary<string, string> ToDictionary()
    {
        var s = new Dictionary<string, string>
        {
            ["preset"] = Name(Preset),
            ["epochs"] = Epochs?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["batch"] = Batch?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["lr"] = LearningRate?.ToString("R", CultureInfo.InvariantCulture) ?? "",
            ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
            ["data"] = DataPath,
            ["out"] = OutDir,
            ["threads"] = Threads.ToString(CultureInfo.InvariantCulture),
            ["orientation"] = Task.HasOrientation ? "true" : "false",
            ["data_sha256"] = DataHash,
        };
        if (Chain is PlanarChain planar)
            (s["links"], s["limits"]) = (string.Join(',', planar.Links.Select(l => l.ToString("R",
                CultureInfo.InvariantCulture))), JointRange.Format(planar.Limits));
        if (Robot is { } robot)
            (s["urdf"], s["base"], s["tip"]) = (robot.Path, robot.Base ?? "", robot.Tip ?? "");
        if (Robot is { Mounted: true })
            s["mounted"] = "true";
        foreach (var (key, value) in Calibration)
            s[CalibrationPrefix + key] = value;
        return s;
    }

    /// <summary>
    /// The settings a checkpoint was written with; the output folder is where it was found. A URDF run reads its robot
    /// file again; a checkpoint from before chains (no "orientation") is a 2-link position run.
    /// </summary>
    public static TrainSettings FromDictionary(IReadOnlyDictionary<string, string> s, string outDir)
    {
        int? Int(string key) => s[key].Length == 0 ? null : int.Parse(s[key], CultureInfo.InvariantCulture);
        var robot = s.GetValueOrDefault("urdf", "") is { Length: > 0 } urdf ? new RobotFile(urdf,
            NullIfEmpty(s.GetValueOrDefault("base", "")), NullIfEmpty(s.GetValueOrDefault("tip", "")))
            { Mounted = s.GetValueOrDefault("mounted", "") == "true" } : null;
        var (chain, task) = robot is not null ? (robot.Load(), TaskBounds.Pose)
            : ((IChain)ArgParsing.Chain(s["links"], s["limits"]),
                s.TryGetValue("orientation", out var o) && o == "true" ? TaskBounds.PlanarPose
                    : TaskBounds.PlanarPosition);
        return new TrainSettings(s["preset"] == "seed" ? Preset.Seed : Preset.Solver, Int("epochs"), Int("batch"),
            s["lr"].Length == 0 ? null : float.Parse(s["lr"], CultureInfo.InvariantCulture),
            ulong.Parse(s["seed"], CultureInfo.InvariantCulture), s["data"], outDir,
            int.Parse(s["threads"], CultureInfo.InvariantCulture), chain, task)
        {
            DataHash = s.GetValueOrDefault("data_sha256", ""),
            Robot = robot,
            Calibration = s.Where(kv => kv.Key.StartsWith(CalibrationPrefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[CalibrationPrefix.Length..], kv => kv.Value),
        };
    }

    /// <summary>The keys of <see cref="Calibration"/> in a checkpoint's settings and a model's training metadata.
    /// </summary>
    public const string CalibrationPrefix = "calibration.";

    static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>
    /// The solver recipe's options: the chain's defaults (planar by size, spatial) with the user's numbers.
    /// </summary>
    public SolverOptions SolverOptions
    {
        get
        {
            var defaults = SolverRecipe.Defaults(Chain, Task);
            var start = LearningRate ?? defaults.LearningRate;
            // --epochs scales the learned step's and the direct guess's training too: a short run stays short.
            int Scaled(int value, int least) => Epochs is { } e && value > 0
                ? Math.Max(least, (int)((long)value * e / defaults.Epochs)) : value;
            // The cosine schedule decays to the floor; a start below the floor keeps the start throughout.
            return defaults with
            {
                Epochs = Epochs ?? defaults.Epochs, BatchSize = Batch ?? defaults.BatchSize,
                StepEpochs = Scaled(defaults.StepEpochs, 1), DirectEpochs = Scaled(defaults.DirectEpochs, 1),
                DirectRows = defaults.DirectEpochs > 0 ? Scaled(defaults.DirectRows, 4096) : defaults.DirectRows,
                LearningRate = start, FinalLearningRate = Math.Min(start, defaults.FinalLearningRate), Seed = Seed,
            };
        }
    }
}

/// <summary>A robot file and the links its chain runs between (null: the file's defaults).</summary>
public sealed record RobotFile(string Path, string? Base, string? Tip)
{
    /// <summary>
    /// The chain runs from <see cref="Base"/>, and the fixed joints above it, down from the file's root, are its
    /// mount: a calibrated.urdf's instrument frame, which the network then does not learn.
    /// </summary>
    public bool Mounted { get; init; }

    public SpatialChain Load()
    {
        var arm = Urdf.Load(Path, Base, Tip);
        if (!Mounted)
            return arm;
        // The first joint's origin seen from the root is the mount times its origin seen from the base.
        var whole = Urdf.Load(Path, null, arm.TipLink);
        var mount = whole.Joints[0].Origin * arm.Joints[0].Origin.Inverse;
        return new SpatialChain(arm.BaseLink, arm.TipLink, arm.Joints, arm.Tip, mount);
    }
}
