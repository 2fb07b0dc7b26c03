using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>
/// What `neural-ik` does with no arguments: make the dataset if data/ lacks it, train the seed preset,
/// evaluate it, save the model, draw the pictures, and say where everything went.
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
            Say.Info($"generated {GenerateCommand.DefaultSamples:N0} samples (seed {GenerateCommand.DefaultSeed}) into {dataPath}");
        }
        var settings = new TrainSettings("seed", new TrainingOptions(), dataPath, OutDir, Math.Min(2, Environment.ProcessorCount), arm);
        var model = TrainCommand.Run(settings);

        var samples = JointSamples.Read(dataPath);
        var workspacePath = Path.Combine(OutDir, "workspace.png");
        WorkspacePlot.Write(workspacePath, samples.X, samples.Y, arm);
        var posePath = Path.Combine(OutDir, "pose.png");
        RenderCommand.Render(model, 1.5, 0.5, posePath);
        Say.Result($"workspace: {workspacePath}");
        Say.Result($"pose for (1.5, 0.5): {posePath}");
        return ExitCodes.Ok;
    }
}
