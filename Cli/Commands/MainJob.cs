using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Cli.Commands;

/// <summary>
/// What `neural-ik` does with no arguments: make the seed dataset if data/ lacks it, train the
/// default (solver) preset, evaluate it against the analytic IK, save the model, draw the pictures,
/// and say where everything went. The seed reproduction is `neural-ik train --preset seed`.
/// </summary>
public static class MainJob
{
    public const string OutDir = "out";

    public static int Run()
    {
        var arm = Arm.Default;
        var dataPath = GenerateCommand.DefaultPath;
        if (!File.Exists(dataPath))
        {
            JointSamples.Generate(arm, GenerateCommand.DefaultSamples, GenerateCommand.DefaultSeed).Write(dataPath);
            Say.Info($"generated {GenerateCommand.DefaultSamples:N0} samples (seed {GenerateCommand.DefaultSeed}) ",
                $"into {dataPath}");
        }
        var settings = new TrainSettings(Preset.Solver, null, null, null, 42, dataPath, OutDir,
            Math.Min(2, Environment.ProcessorCount), new PlanarChain(arm, JointLimits.Full), TaskBounds.PlanarPosition);
        var model = SolverTraining.Run(settings);

        var samples = JointSamples.Read(dataPath);
        var workspacePath = Path.Combine(OutDir, "workspace.png");
        WorkspacePlot.Write(workspacePath, samples.X, samples.Y, arm);
        var posePath = Path.Combine(OutDir, "pose.png");
        var solver = new Engine.Solving.IkSolver(model);
        RenderCommand.Render(solver, [1.5, 0.5], [], posePath);
        foreach (var (elbow, name) in new[] { (Elbow.Up, "heatmap-up.png"), (Elbow.Down, "heatmap-down.png") })
            ErrorHeatmap.Write(Path.Combine(OutDir, name), solver, elbow);
        Say.Result($"workspace: {workspacePath}");
        Say.Result($"raw network error per branch: {Path.Combine(OutDir, "heatmap-up.png")}, ",
            $"{Path.Combine(OutDir, "heatmap-down.png")}");
        Say.Result($"both branches for (1.5, 0.5): {posePath}");
        return ExitCodes.Ok;
    }
}
