using System.CommandLine;
using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli.Commands;

/// <summary>
/// `neural-ik train`: the solver preset (default: both elbow branches, sin/cos outputs, FK loss,
/// joint limits) for a 2-link arm or, with 3 to 8 `--links` or `--orientation`, for a chain; for a URDF arm,
/// calibrated first with `--data`; with `--data` alone, an arm learned from its recordings
/// (<see cref="LearnedTraining"/>); or `--preset seed`, the notebook reproduced.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "solver (default) or seed",
            DefaultValueFactory = _ => "solver" };
        preset.AcceptOnlyFromAmong("solver", "seed");
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (solver 300, seed 200, learned from --data " +
            "alone 600 for the forward map and a sixth as many for the guess)" };
        var batch = new Option<int?>("--batch") { Description = "Mini-batch size (solver 64, seed 32, learned 256)" };
        var lr = new Option<float?>("--lr") { Description = "Adam learning rate (solver 2e-3 with cosine decay, seed " +
            "1e-3, learned 3e-3 with cosine decay, a third of it for the guess)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed for data, initialisation and shuffling",
            DefaultValueFactory = _ => 42 };
        var data = new Option<string>("--data") { Description = "Dataset CSV for the seed preset; with --urdf, the " +
            "arm's recorded poses: it is calibrated first (calibrate) and trained as calibrated; alone, an arm with " +
            "no URDF (actuator columns, then x,y[,z] measured): its forward map is learned and solved through",
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
        var robotOptions = new RobotOptions();
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
        foreach (var option in robotOptions.All)
            command.Options.Add(option);
        command.SetAction(r =>
        {
            if (r.GetValue(resume) is { } folder)
            {
                // The run continues as it was set up: only the number of epochs, the cores and the output format may
                // change.
                Option[] fixedOptions = [preset, batch, lr, seed, data, output, links, limits, orientation,
                    .. robotOptions.All];
                var given = fixedOptions.Where(o => ArgParsing.Given(r, o) is not null)
                    .Select(o => o.Name).ToArray();
                if (given.Length > 0)
                    throw new CliException($"--resume continues the run as it was set up: {string.Join(", ", given)} " +
                        $"cannot change (--epochs, --threads and --json can)");
                var checkpoint = Interrupt.Load(folder);
                var resumed = TrainSettings.FromDictionary(checkpoint.Settings,
                    folder) with { Json = r.GetValue(json) };
                if (resumed.Chain is SpatialChain calibrated && File.Exists(ResidualPath(folder)))
                    resumed = resumed with
                    {
                        Chain = calibrated.WithCorrection(PositionResidualFile.Load(ResidualPath(folder))),
                    };
                if (ArgParsing.Given(r, threads) is not null)
                    resumed = resumed with { Threads = Threads(r.GetValue(threads)) };
                if (Positive(r.GetValue(epochs), "--epochs") is { } more)
                {
                    if (more <= checkpoint.Resume.EpochsDone)
                        throw new CliException($"--epochs {more}: the checkpoint has {checkpoint.Resume.EpochsDone} " +
                            $"epochs done already");
                    resumed = resumed with { Epochs = more };
                }
                if (resumed.Preset == Preset.Seed)
                    SeedTraining.SameData(resumed, checkpoint);
                Say.Info($"resuming {TrainSettings.Name(resumed.Preset)} training after epoch ",
                    $"{checkpoint.Resume.EpochsDone} from {folder}");
                Run(resumed, checkpoint);
                return ExitCodes.Ok;
            }
            var robot = robotOptions.Read(r);
            if (robot is null && r.GetValue(preset) == "solver" && ArgParsing.Given(r, data) is not null)
            {
                if (ArgParsing.Given(r, links, limits, orientation) is { } shape)
                    throw new CliException($"{shape.Name} describes a planar arm to draw poses of: an arm learned " +
                        "from --data takes its actuators and ranges from the recordings");
                LearnedTraining.Run(r.GetValue(data)!, r.GetValue(output)!, LearnedTraining.Options(
                    Positive(r.GetValue(epochs), "--epochs"), Positive(r.GetValue(batch), "--batch"), LearningRate(r,
                        lr), r.GetValue(seed)), Threads(r.GetValue(threads)), r.GetValue(json));
                return ExitCodes.Ok;
            }
            if (robot is not null && ArgParsing.Given(r, preset, links, limits, orientation) is { } planar)
                throw new CliException($"{planar.Name} is for planar arms: a --urdf arm takes its joints, limits " +
                    "and target kind from the robot file");
            var (chain, task) = robot is not null
                ? (robot.Load(), TaskBounds.Pose)
                : ((IChain)ArgParsing.Chain(r.GetValue(links)!, r.GetValue(limits)),
                    r.GetValue(orientation) ? TaskBounds.PlanarPose : TaskBounds.PlanarPosition);
            var settings = new TrainSettings(r.GetValue(preset) == "seed" ? Preset.Seed : Preset.Solver,
                Positive(r.GetValue(epochs), "--epochs"), Positive(r.GetValue(batch), "--batch"),
                LearningRate(r, lr),
                r.GetValue(seed), r.GetValue(data)!, r.GetValue(output)!, Threads(r.GetValue(threads)), chain, task,
                r.GetValue(json)) { Robot = robot };
            if (chain is SpatialChain arm
                && arm.Joints.FirstOrDefault(j => j.Type == JointType.Prismatic) is { } slider)
                throw new CliException($"{robot!.Path}:{slider.Line}: joint '{slider.Name}' is prismatic; the " +
                    "learned guess takes revolute and continuous joints: end the chain before it with --tip");
            if (task.HasOrientation && chain.Count < 3)
                throw new CliException("--orientation needs at least 3 links: a 2-link arm cannot choose its end " +
                    "orientation");
            if (settings.Preset == Preset.Seed && settings.IsChain)
                throw new CliException("--preset seed reproduces the 2-link notebook: it takes 2 links and no " +
                    "--orientation");
            if (settings.Preset == Preset.Seed && r.GetValue(limits) is not null)
                throw new CliException("--limits is for the solver preset: the seed preset learns from its dataset's " +
                    "poses as they are");
            Run(settings, null, robot is not null && ArgParsing.Given(r, data) is not null
                ? nominal => Calibrated(nominal, r.GetValue(data)!) : null);
            return ExitCodes.Ok;
        });
        return command;
    }

    // `first` runs once the output folder is held: a real arm's calibration writes there.
    static void Run(TrainSettings settings, Checkpoint? resume, Func<TrainSettings, TrainSettings>? first = null)
    {
        using var held = Interrupt.Lock(settings.OutDir);
        settings = first?.Invoke(settings) ?? settings;
        if (settings.Preset == Preset.Seed)
            SeedTraining.Run(settings, resume);
        else
            SolverTraining.Run(settings, resume);
    }

    // A real arm: calibrated from its recorded poses first, then what the geometry leaves learned on top of it
    // (kept only where held-out samples say it helps), then trained as its calibrated.urdf from the robot's base, the
    // instrument its mount: targets and answers are the marker in the instrument's frame and the joint commands.
    static TrainSettings Calibrated(TrainSettings nominal, string data)
    {
        var (result, urdf, report, seconds) = CalibrateCommand.Run(nominal.Robot!, data, nominal.OutDir,
            nominal.Seed);
        CalibrationReport.Summary(result, seconds, urdf, report, Say.Info);
        var robot = new RobotFile(urdf, result.Model.Nominal.BaseLink, null) { Mounted = true };
        var chain = robot.Load();
        var poses = RecordedPoses.Read(data, chain.Names);
        var kept = Enumerable.Range(0, poses.Count).Where(s => !result.Outliers.Contains(s + 1)).ToArray();
        var fit = ResidualRecipe.Fit(chain, [.. kept.Select(s => poses.Joints[s])],
            [.. kept.Select(s => poses.Positions[s])], ResidualRecipe.Defaults(nominal.Seed));
        var figures = CalibrationReport.Figures(result, fit);
        CalibrationReport.Residual(fit, Say.Info);
        // Beside calibrated.urdf, which a resume reads again: the residual a resume adds back.
        if (fit.Residual is { } residual)
            PositionResidualFile.Save(ResidualPath(nominal.OutDir), residual);
        return nominal with { Chain = chain.WithCorrection(fit.Residual), Robot = robot, Calibration = figures };
    }

    static float? LearningRate(ParseResult r, Option<float?> lr) => r.GetValue(lr) is { } l
        && !(l > 0 && float.IsFinite(l)) ? throw new CliException("--lr must be a positive number") : r.GetValue(lr);

    static string ResidualPath(string folder) => Path.Combine(folder, "residual.safetensors");

    static int? Positive(int? value, string name) => value is { } v ? ArgParsing.Positive(v, name) : null;

    static int Threads(int value) => value is 1 or 2 ? value : throw new CliException("--threads must be 1 or 2");
}
