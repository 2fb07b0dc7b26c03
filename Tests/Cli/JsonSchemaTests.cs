using System.Text.Json;
using NeuralIk.Tests.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>Every command's --json document matches docs/json-schema.json, the schema docs/json.md describes.</summary>
[Collection("console")]
public sealed class JsonSchemaTests : TempFolder
{
    static readonly Lazy<JsonDocument> Schema = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "docs", "json-schema.json"))));

    static void Matches(string command, (int Code, string Out, string Error) run)
    {
        Assert.True(run.Code is 0 or 1, $"{command}: exit {run.Code}: {run.Error}");
        using var doc = JsonDocument.Parse(run.Out);
        var root = Schema.Value.RootElement;
        var errors = JsonShape.Check(doc.RootElement, root.GetProperty("commands").GetProperty(command),
            root.GetProperty("definitions"));
        Assert.True(errors.Count == 0, $"{command}:\n{string.Join('\n', errors)}\n{run.Out}");
    }

    [Fact]
    public void Two_link_commands_match_the_schema()
    {
        var model = In("arm.safetensors");
        SolverFixture.DefaultModel.Value.Save(model);
        Matches("eval", CliProcess.Run("eval", "--samples", "200", "--json", "--model", model));
        Matches("solve", CliProcess.Run("solve", "1.2", "0.5", "--json", "--model", model));
        Matches("solve", CliProcess.Run("solve", "3", "0", "--json", "--model", model));
        var input = In("t.csv");
        File.WriteAllLines(input, ["x,y", "1,1", "3,0"]);
        Matches("solve (batch)", CliProcess.Run("solve", "--input", input, "--output", In("o.csv"), "--json",
            "--model", model));
        Matches("trajectory", CliProcess.Run("trajectory", "--circle", "0,0,1.5", "--points", "20", "--json",
            "--model", model, "--out", In("t.png")));
        Matches("train (solver preset)", CliProcess.Run("train", "--epochs", "2", "--out", In("solver"),
            "--json", "--threads", "1"));
    }

    [Fact]
    public void Spatial_arm_commands_match_the_schema()
    {
        var model = In("ur5.safetensors");
        new SpatialFixture().Model.Save(model);
        Matches("eval", CliProcess.Run("eval", "--samples", "50", "--json", "--model", model));
        Matches("solve", CliProcess.Run("solve", "0.3", "0.2", "0.4", "0", "1", "0", "0", "--json",
            "--answers", "2", "--model", model));
        Matches("solve", CliProcess.Run("solve", "3", "0", "0", "0", "0", "0", "1", "--json",
            "--model", model));
        Matches("solve", CliProcess.Run("solve", "0.3", "0.2", "0.4", "--json", "--model", model));
        var input = In("t.csv");
        File.WriteAllLines(input, ["x,y,z,qx,qy,qz,qw", "0.3,0.2,0.4,0,1,0,0", "3,0,0,0,0,0,1"]);
        Matches("solve (batch)", CliProcess.Run("solve", "--input", input, "--output", In("o.csv"), "--json",
            "--model", model));
        Matches("trajectory", CliProcess.Run("trajectory", "--circle", "0.3,0,0.3,0.1", "--points",
            "10", "--json", "--model", model, "--out", In("t.png")));
        Matches("trajectory", CliProcess.Run("trajectory", "--line", "0.3,0,0.3,3,0,0.3", "--points",
            "5", "--json", "--model", model, "--out", In("t.png")));
        Matches("train (spatial arm)", CliProcess.Run("train", "--urdf", Path.Combine(Repository.Root, "data",
            "robots", "ur5-dh.urdf"), "--epochs", "1", "--out", In("arm"), "--json", "--threads", "1"));
        var arm = new NeuralIk.Tests.Calibration.SyntheticArm(TestRobots.Named("ur5-dh"), 5);
        arm.Write(In("recorded.csv"), arm.Record(300, 6, outliers: 0.02));
        Matches("calibrate", CliProcess.Run("calibrate", "--urdf", TestRobots.File("ur5-dh.urdf"), "--data",
            In("recorded.csv"), "--out", In("cal"), "--json"));
    }

    [Fact]
    public void Chain_commands_match_the_schema()
    {
        var model = In("chain.safetensors");
        ChainFixture.Position4Model.Value.Save(model);
        Matches("eval", CliProcess.Run("eval", "--samples", "50", "--json", "--model", model));
        Matches("solve", CliProcess.Run("solve", "1.2", "0.9", "--json", "--model", model));
        Matches("solve", CliProcess.Run("solve", "5", "0", "--json", "--model", model));
        var input = In("t.csv");
        File.WriteAllLines(input, ["x,y", "1,1", "5,0"]);
        Matches("solve (batch)", CliProcess.Run("solve", "--input", input, "--output", In("o.csv"), "--json",
            "--model", model));
        Matches("trajectory", CliProcess.Run("trajectory", "--circle", "0,0,1.2", "--points", "20", "--json",
            "--model", model, "--out", In("t.png")));
        Matches("train (solver preset)",
            CliProcess.Run("train", "--links", "1,0.8,0.5", "--epochs", "2", "--out", In("chain"), "--json",
                "--threads", "1"));
    }

    [Fact]
    public void Solve_answers_every_arm_with_the_same_keys()
    {
        var (planar, chain, spatial) = (In("arm.safetensors"), In("chain.safetensors"), In("ur5.safetensors"));
        SolverFixture.DefaultModel.Value.Save(planar);
        ChainFixture.Position4Model.Value.Save(chain);
        new SpatialFixture().Model.Save(spatial);
        (string[] Document, string[] Answer) Keys(params string[] args)
        {
            var run = CliProcess.Run(["solve", .. args, "--json"]);
            using var doc = JsonDocument.Parse(run.Out);
            var answer = doc.RootElement.GetProperty("answers")[0];
            return ([.. doc.RootElement.EnumerateObject().Select(p => p.Name)],
                [.. answer.EnumerateObject().Select(p => p.Name)]);
        }
        var keys = new[]
        {
            Keys("1.2", "0.5", "--model", planar), Keys("1.2", "0.9", "--model", chain),
            Keys("0.3", "0.2", "0.4", "0", "1", "0", "0", "--model", spatial),
        };
        Assert.All(keys, k => Assert.Equal(keys[0].Document, k.Document));
        Assert.All(keys, k => Assert.Equal(keys[0].Answer, k.Answer));
        Assert.Equal(["target", "status", "spread", "nearest", "joints", "answers"], keys[0].Document);
    }

    [Fact]
    public void Seed_commands_match_the_schema()
    {
        var data = In("d.csv");
        Assert.Equal(0, CliProcess.Run("generate", "--samples", "300", "--out", data).Code);
        Matches("train (seed preset)", CliProcess.Run("train", "--preset", "seed", "--epochs", "1", "--data", data,
            "--out", In("seed"), "--json", "--threads", "1"));
        Matches("solve (seed model)", CliProcess.Run("solve", "1.5", "0.5", "--json", "--model",
            In("seed/model.safetensors")));
    }
}
