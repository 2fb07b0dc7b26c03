using System.CommandLine;
using NeuralIk.Engine.Model;

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

}
