using System.CommandLine;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>The --model option shared by the commands that use a trained model.</summary>
public static class ModelOption
{
    public const string DefaultPath = "out/model.safetensors";

    public static Option<string> Create() => new("--model") { Description = "Model file",
        DefaultValueFactory = _ => DefaultPath };

    public static IkModel Load(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"{path}: no such model file (train one with `neural-ik train`)");
        return IkModel.Load(path);
    }

    /// <summary>The solver for a command that needs one; a seed-preset model is refused with what to do.</summary>
    public static IkSolver Solver(IkModel model) => model.Kind == ModelKind.Solver ? new IkSolver(model)
        : throw new CliException("this seed-preset model gives one averaged answer; this command needs a solver " +
            "model (train with the default preset)");
}
