using System.Text.Json;
using NeuralIk.Cli;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Tests.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>Rules for what a command accepts, one regression test per defect found by a hostile first run.</summary>
[Collection("console")]
public sealed class InputRulesTests : TempFolder
{
    string SolverModel()
    {
        var path = In("arm.safetensors");
        SolverFixture.DefaultModel.Value.Save(path);
        return path;
    }

    string SeedModel()
    {
        var data = In("d.csv");
        Assert.Equal(0, CliProcess.Run("generate", "--samples", "300", "--out", data).Code);
        Assert.Equal(0, CliProcess.Run("train", "--preset", "seed", "--epochs", "1", "--data", data, "--out",
            In("seed"), "--threads", "1").Code);
        return In("seed/model.safetensors");
    }

    [Fact]
    public void Train_with_data_alone_learns_that_arm_and_refuses_too_few_samples_before_writing()
    {
        File.WriteAllLines(In("recorded.csv"), ["x1,x2,x,y", "0,0,1,1"]);
        CliProcess.BadInput(CliProcess.Run("train", "--data", In("recorded.csv"), "--out", In("o")),
            "1 sample(s); an arm learned from its recordings needs at least 50");
        Assert.False(Directory.Exists(In("o")));
    }

    [Fact]
    public void Serve_refuses_seed_models_and_bad_addresses_before_listening()
    {
        var model = SolverModel();
        CliProcess.BadInput(CliProcess.Run("serve", "--model", SeedModel()), "serve solver models");
        CliProcess.BadInput(CliProcess.Run("serve", "--model", model, "--host", "nowhere"), "--host 'nowhere'");
        CliProcess.BadInput(CliProcess.Run("serve", "--model", model, "--port", "70000"), "--port must be 0 to 65535");
        CliProcess.BadInput(CliProcess.Run("serve", "--model", model, "--model", model), "each model once");
        CliProcess.BadInput(CliProcess.Run("serve", "--model", In("none.safetensors")), "no such model file");
    }

    [Fact]
    public void A_number_with_a_group_separator_is_an_error_not_a_bigger_number()
    {
        var model = SolverModel();
        CliProcess.BadInput(CliProcess.Run("solve", "1,5", "0.5", "--model", model), "'1,5' is not a number");
        CliProcess.BadInput(CliProcess.Run("train", "--lr", "0,001", "--out", In("never")),
            "--lr: '0,001' is not a number");
        CliProcess.BadInput(CliProcess.Run("trajectory", "--circle", "0,0,1", "--points", "1,000", "--model", model,
            "--out", In("t.png")), "--points");
        Assert.False(Directory.Exists(In("never")));
    }

    [Fact]
    public void An_unknown_option_is_named_never_taken_as_a_number()
    {
        var run = CliProcess.Run("solve", "1", "1", "--elbw", "up", "--model", SolverModel());
        CliProcess.BadInput(run, "--elbw");
    }

    [Fact]
    public void Targets_on_the_command_line_and_a_batch_file_together_are_an_error()
    {
        var model = SolverModel();
        var input = In("t.csv");
        File.WriteAllLines(input, ["x,y", "1,1"]);
        CliProcess.BadInput(CliProcess.Run("solve", "1", "1", "--input", input, "--output", In("o.csv"), "--model",
            model), "not both");
        Assert.False(File.Exists(In("o.csv")));
    }

    [Fact]
    public void Answers_is_one_to_32_for_every_command_and_model()
    {
        var (arm, chain) = (SolverModel(), In("chain.safetensors"));
        ChainFixture.Position4Model.Value.Save(chain);
        foreach (var k in new[] { "0", "1000" })
        {
            foreach (var model in new[] { arm, chain })
            {
                CliProcess.BadInput(CliProcess.Run("solve", "1", "0.5", "--answers", k, "--model", model),
                    "--answers must be 1 to 32");
                CliProcess.BadInput(CliProcess.Run("eval", "--samples", "10", "--answers", k, "--model", model),
                    "--answers must be 1 to 32");
                CliProcess.BadInput(CliProcess.Run("render", "1", "0.5", "--answers", k, "--model", model, "--out",
                    In("p.png")), "--answers must be 1 to 32");
            }
        }
    }

    [Fact]
    public void A_batch_with_json_prints_one_summary_document()
    {
        var input = In("t.csv");
        File.WriteAllLines(input, ["x,y", "1,1", "3,0"]);
        var run = CliProcess.Run("solve", "--input", input, "--output", In("o.csv"), "--json", "--model",
            SolverModel());
        Assert.Equal(0, run.Code);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("targets").GetInt32());
        // Targets solved and answers found: both branches of (1, 1); (3, 0) is out of reach and has none.
        Assert.Equal(1, doc.RootElement.GetProperty("solved").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("answers").GetInt32());
    }

    [Fact]
    public void The_seed_model_refuses_solver_options_answers_in_json_and_exits_1_when_it_misses()
    {
        var model = SeedModel();
        CliProcess.BadInput(CliProcess.Run("solve", "1.5", "0.5", "--elbow", "up", "--model", model), "--elbow");
        CliProcess.BadInput(CliProcess.Run("solve", "1.5", "0.5", "--obstacle", "1,1,0.1", "--model", model),
            "--obstacle");
        CliProcess.BadInput(CliProcess.Run("solve", "--input", In("d.csv"), "--output", In("o.csv"), "--model", model),
            "--input");
        CliProcess.BadInput(CliProcess.Run("eval", "--model", model), "needs a solver model");
        CliProcess.BadInput(CliProcess.Run("trajectory", "--circle", "0,0,1", "--model", model, "--out",
            In("t.png")), "needs a solver model");
        var run = CliProcess.Run("solve", "1.5", "0.5", "--json", "--model", model);
        using var doc = JsonDocument.Parse(run.Out);
        var theta = doc.RootElement.GetProperty("theta").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        // The reported error is the distance from FK(θ), computed here, to the target.
        var (x, y) = (Math.Cos(theta[0]) + Math.Cos(theta[0] + theta[1]),
            Math.Sin(theta[0]) + Math.Sin(theta[0] + theta[1]));
        var miss = Math.Sqrt((x - 1.5) * (x - 1.5) + (y - 0.5) * (y - 0.5));
        Assert.Equal(miss, doc.RootElement.GetProperty("error").GetDouble(), 1e-12);
        Assert.Equal(miss <= 2e-9 ? "ok" : "missed", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(miss <= 2e-9 ? 0 : 1, run.Code);
    }

    [Fact]
    public void A_path_has_at_most_100_000_points()
    {
        var model = SolverModel();
        CliProcess.BadInput(CliProcess.Run("trajectory", "--circle", "0,0,1", "--points", "10000000", "--model", model,
            "--out", In("t.png")),
            "--points must be 2 to 100,000");
        CliProcess.BadInput(CliProcess.Run("trajectory", "--circle", "0,0,1", "--points", "1", "--model", model,
            "--out", In("t.png")), "--points");
    }

    [Fact]
    public void Messages_name_no_dotnet_types()
    {
        var model = SolverModel();
        foreach (var args in new[] { new[] { "train", "--lr", "abc", "--out", In("o") }, ["generate", "--seed", "-1",
            "--out", In("d.csv")],
            ["solve", "1", "1", "x", "--model", model], ["train", "--epochs", "1e3", "--out", In("o")] })
        {
            var run = CliProcess.Run(args);
            Assert.Equal(2, run.Code);
            Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
        }
        var e = Assert.Throws<ArgumentException>(() => ChainFixture.Pose3.Value.Solve(new Pose2(1.7, 0, double.NaN)));
        Assert.DoesNotContain("Pose2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_learning_rate_below_the_cosine_floor_is_never_raised()
    {
        var settings = new TrainSettings(Preset.Solver, null, null, 1e-6f, 42, "data.csv", "out", 1,
            new PlanarChain(Arm.Default, JointLimits.Full), TaskBounds.PlanarPosition);
        var options = settings.SolverOptions;
        Assert.Equal(1e-6f, options.LearningRate);
        Assert.True(options.FinalLearningRate <= options.LearningRate,
            $"floor {options.FinalLearningRate} above start {options.LearningRate}");
    }
}
