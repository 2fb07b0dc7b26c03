using System.CommandLine;
using NeuralIk.Engine.Data;

namespace NeuralIk.Cli;

/// <summary>`neural-ik generate`: random poses and their end-effector positions, as the seed sampled them.</summary>
public static class GenerateCommand
{
    public const string DefaultPath = "data/dataset.csv";
    public const int DefaultSamples = 10_000;
    public const ulong DefaultSeed = 42;

    public static Command Create()
    {
        var samples = new Option<int>("--samples") { Description = "Number of samples",
            DefaultValueFactory = _ => DefaultSamples };
        var seed = new Option<ulong>("--seed") { Description = "Random seed", DefaultValueFactory = _ => DefaultSeed };
        var output = OutputPath.File(new Option<string>("--out") { Description = "CSV file to write",
            DefaultValueFactory = _ => DefaultPath });
        var links = new Option<string>("--links") { Description = "Link lengths L1,L2",
            DefaultValueFactory = _ => "1,1" };
        var command = new Command("generate",
            "Sample θ1, θ2 uniform in [-π, π] and write x,y,theta1,theta2 CSV") { samples, seed, output, links };
        command.SetAction(r =>
        {
            var count = ArgParsing.Positive(r.GetValue(samples), "--samples");
            var path = r.GetValue(output)!;
            var data = JointSamples.Generate(ArgParsing.Arm(r.GetValue(links)!, "generate"), count, r.GetValue(seed));
            data.Write(path);
            Say.Info($"wrote {count:N0} samples to {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
