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
        if (LooksLikeXml(path))
            throw new CliException($"{path}: a URDF robot file, not a model: train a model of it first with " +
                $"`neural-ik train --urdf {path}`");
        return IkModel.Load(path);
    }

    // A robot file starts with '<' (after a byte-order mark and white space); a model file with its header length.
    static bool LooksLikeXml(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[64];
        var text = System.Text.Encoding.UTF8.GetString(start[..file.Read(start)]).TrimStart('\uFEFF', ' ', '\t',
            '\r', '\n');
        return text.StartsWith('<');
    }

    /// <summary>The solver for a command that needs one; a seed-preset model is refused with what to do.</summary>
    public static IkSolver Solver(IkModel model, int? steps = null) => model.Kind == ModelKind.Solver
        ? new IkSolver(model)
        {
            Steps = steps ?? IkSolver.DefaultSteps, NearSteps = steps ?? IkSolver.DefaultNearSteps,
        }
        : throw new CliException("this seed-preset model gives one averaged answer; this command needs a solver " +
            "model (train with the default preset)");
}
