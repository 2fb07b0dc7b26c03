using System.CommandLine;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli.Commands;

/// <summary>
/// `neural-ik generate`: random poses and their end-effector positions, as the seed sampled them; with --urdf,
/// targets of a spatial arm (x,y,z,qx,qy,qz,qw: FK of joint vectors uniform within the limits), the same ones
/// `neural-ik eval` measures on with the same --seed, for `solve --input` and for peers.
/// </summary>
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
        var urdf = new Option<string?>("--urdf") { Description = "Write targets of this robot instead: " +
            "x,y,z,qx,qy,qz,qw" };
        var baseLink = new Option<string?>("--base") { Description = "First link of the --urdf chain" };
        var tipLink = new Option<string?>("--tip") { Description = "Last link of the --urdf chain" };
        var command = new Command("generate",
            "Sample θ1, θ2 uniform in [-π, π] and write x,y,theta1,theta2 CSV")
        {
            samples, seed, output, links, urdf, baseLink, tipLink,
        };
        command.SetAction(r =>
        {
            var count = ArgParsing.Positive(r.GetValue(samples), "--samples");
            var path = r.GetValue(output)!;
            if (r.GetValue(urdf) is { } robot)
            {
                if (r.GetResult(links) is { Implicit: false })
                    throw new CliException("--links is for planar arms: a --urdf arm takes its joints from the file");
                var chain = Urdf.Load(robot, r.GetValue(baseLink), r.GetValue(tipLink));
                WriteTargets(path, Evaluation.JointSpace(chain, count, r.GetValue(seed)).Targets);
                Say.Info($"wrote {count:N0} targets of {chain.BaseLink} → {chain.TipLink} to {path}");
                return ExitCodes.Ok;
            }
            if (ArgParsing.Given(r, baseLink, tipLink) is { } link)
                throw new CliException($"{link.Name} names a link of a --urdf file; give --urdf FILE");
            var arm = ArgParsing.Chain(r.GetValue(links)!, null);
            if (arm.Joints != 2)
                throw new CliException($"--links: generate is for 2-link arms, got {arm.Joints} links");
            JointSamples.Generate(arm.Base, count, r.GetValue(seed)).Write(path);
            Say.Info($"wrote {count:N0} samples to {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    static void WriteTargets(string path, Frame[] targets) => Answers.WriteCsv(path, "x,y,z,qx,qy,qz,qw",
        targets.Select(t => (t.P, Q: t.Quaternion())).Select(t => Answers.Numbers([t.P.X, t.P.Y, t.P.Z, t.Q.X,
            t.Q.Y, t.Q.Z, t.Q.W])));
}
