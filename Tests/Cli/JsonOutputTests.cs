using System.Text.Json;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleTests;

/// <summary>
/// The commands run in-process with stdout captured: each --json run prints exactly one parsable document.
/// </summary>
[Collection("console")]
public sealed class JsonOutputTests : TempFolder
{
    static (int Code, string Out, string Error) Run(params string[] args) => CliProcess.Run(args);

    [Fact]
    public void Train_eval_and_solve_print_one_json_document_each()
    {
        var model = In("model.safetensors");
        var train = Run("train", "--epochs", "5", "--out", Folder, "--json", "--threads", "1");
        Assert.Equal(0, train.Code);
        using (var doc = JsonDocument.Parse(train.Out))
        {
            Assert.Equal("solver", doc.RootElement.GetProperty("preset").GetString());
            Assert.Equal(model, doc.RootElement.GetProperty("model").GetString());
            Assert.Equal(0, doc.RootElement.GetProperty("evaluation").GetProperty("checks")
                .GetProperty("false_successes").GetInt32());
        }
        Assert.Contains("epoch", train.Error, StringComparison.Ordinal);

        var eval = Run("eval", "--model", model, "--samples", "300", "--json");
        Assert.Equal(0, eval.Code);
        using (var doc = JsonDocument.Parse(eval.Out))
            Assert.Equal(["joint-space", "uniform", "disc-1.2x"],
                doc.RootElement.EnumerateArray().Select(r => r.GetProperty("distribution").GetString()));

        var solve = Run("solve", "1.5", "0.5", "--model", model, "--json");
        Assert.Equal(0, solve.Code);
        using (var doc = JsonDocument.Parse(solve.Out))
        {
            var answers = doc.RootElement.GetProperty("answers").EnumerateArray().ToArray();
            Assert.Equal(["up", "down"], answers.Select(a => a.GetProperty("branch").GetString()));
            Assert.All(answers, a => Assert.Equal("ok", a.GetProperty("status").GetString()));
        }

        var unreachable = Run("solve", "3", "0", "--model", model, "--json");
        Assert.Equal(1, unreachable.Code);
        using (var doc = JsonDocument.Parse(unreachable.Out))
        {
            Assert.Equal("out_of_reach", doc.RootElement.GetProperty("status").GetString());
            Assert.Equal(0, doc.RootElement.GetProperty("answers").GetArrayLength());
            Assert.Equal([2.0, 0.0],
                doc.RootElement.GetProperty("nearest").EnumerateArray().Select(v => v.GetDouble()));
        }
    }

    [Fact]
    public void A_learning_rate_that_blows_up_training_exits_1_with_one_line()
    {
        var data = In("d.csv");
        Assert.Equal(0, Run("generate", "--samples", "500", "--out", data).Code);
        var (code, _, error) = Run("train", "--preset", "seed", "--lr", "10", "--epochs", "3", "--data", data, "--out",
            Folder, "--threads", "1");
        Assert.Equal(1, code);
        var last = error.Trim().Split('\n')[^1];
        Assert.StartsWith("error: training diverged at epoch 1", last, StringComparison.Ordinal);
        Assert.Contains("try a lower learning rate (--lr); no model was saved", last, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_exit_2_with_one_line_and_no_stack_trace()
    {
        foreach (var args in new[] { new[] { "solve", "abc", "1" }, ["train", "--epochs", "0"],
            ["train", "--batch", "0"], ["train", "--links", "0,1"],
            ["train", "--limits", "2,1;0,1"], ["train", "--resume", Folder], ["--bogus"], ["train", "--links",
                "1,1,1,1,1,1,1,1,1"],
            ["train", "--links", "1,1", "--orientation"], ["train", "--links", "1,1,1", "--limits", "-1,1;-1,1"],
            ["train", "--preset", "seed", "--links", "1,1,1"], ["generate", "--links", "1,1,1"] })
        {
            var (code, _, error) = Run(args);
            Assert.Equal(2, code);
            Assert.Single(error.Trim().Split('\n'));
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_chain_trains_solves_evaluates_renders_and_follows_a_path_through_the_commands()
    {
        var model = In("model.safetensors");
        var train = Run("train", "--links", "1,0.8,0.5", "--orientation", "--epochs", "3", "--out", Folder, "--json",
            "--threads", "1");
        Assert.Equal(0, train.Code);
        using (var doc = JsonDocument.Parse(train.Out))
        {
            var evaluation = doc.RootElement.GetProperty("evaluation");
            Assert.Equal(0, evaluation.GetProperty("checks").GetProperty("false_successes").GetInt32());
            Assert.Equal(evaluation.GetProperty("must_solve").GetInt32(),
                evaluation.GetProperty("solved_must_solve").GetInt32());
        }

        var solve = Run("solve", "1.2", "0.9", "0.8", "--model", model, "--json");
        Assert.Equal(0, solve.Code);
        using (var doc = JsonDocument.Parse(solve.Out))
        {
            Assert.Equal([1.2, 0.9, 0.8],
                doc.RootElement.GetProperty("target").EnumerateArray().Select(v => v.GetDouble()));
            var answers = doc.RootElement.GetProperty("answers").EnumerateArray().ToArray();
            Assert.Equal(["up", "down"], answers.Select(a => a.GetProperty("branch").GetString()));
            Assert.All(answers, a => Assert.Equal(3, a.GetProperty("theta").GetArrayLength()));
        }
        foreach (var args in new[] { new[] { "solve", "1.2", "0.9", "--model", model },
            ["solve", "1", "0", "nan", "--model", model],
            ["trajectory", "--line", "0,1,1,1", "--model", model], ["eval", "--heatmap", Folder, "--model", model] })
        {
            var (code, _, error) = Run(args);
            Assert.Equal(2, code);
            Assert.Single(error.Trim().Split('\n'));
        }

        var eval = Run("eval", "--model", model, "--samples", "200", "--json");
        Assert.Equal(0, eval.Code);
        using (var doc = JsonDocument.Parse(eval.Out))
            Assert.Equal(["joint-space", "uniform", "disc-1.2x"],
                doc.RootElement.EnumerateArray().Select(r => r.GetProperty("distribution").GetString()));

        Assert.Equal(0, Run("render", "1.2", "0.9", "0.8", "--model", model, "--out", In("pose.png")).Code);
        Assert.True(new FileInfo(In("pose.png")).Length > 0);
        var path = Run("trajectory", "--circle", "0,0,1.2", "--phi", "0.3", "--points", "40", "--model", model,
            "--out", In("path.png"), "--csv", In("path.csv"), "--json");
        using (var doc = JsonDocument.Parse(path.Out))
            Assert.Equal(40, doc.RootElement.GetProperty("points").GetInt32());
        Assert.Equal(41, File.ReadAllLines(In("path.csv")).Length);
    }

    [Fact]
    public void A_redundant_chain_answers_several_times_and_writes_a_batch()
    {
        var model = In("model.safetensors");
        Assert.Equal(0,
            Run("train", "--links", "1,0.8,0.6,0.4", "--limits", "-3,3;-2.5,2.5;-2,2;-2,2", "--epochs", "3", "--out",
                Folder, "--threads", "1").Code);
        var solve = Run("solve", "1.2", "0.9", "--answers", "6", "--model", model, "--json");
        Assert.Equal(0, solve.Code);
        using (var doc = JsonDocument.Parse(solve.Out))
        {
            Assert.Equal(6, doc.RootElement.GetProperty("answers").GetArrayLength());
            Assert.True(doc.RootElement.GetProperty("spread").GetDouble() > 0.1);
        }
        File.WriteAllText(In("targets.csv"), "x,y\n1.2,0.9\n9,9\n");
        Assert.Equal(0,
            Run("solve", "--input", In("targets.csv"), "--output", In("answers.csv"), "--model", model).Code);
        var rows = File.ReadAllLines(In("answers.csv"));
        Assert.Equal("x,y,status,answer,branch,theta1,theta2,theta3,theta4,position_error,orientation_error", rows[0]);
        Assert.Equal(4, rows.Count(r => r.StartsWith("1.2,0.9,ok,", StringComparison.Ordinal)));
        Assert.Equal("9,9,out_of_reach,,,,,,,,", rows[^1]);
        Assert.Equal(1, Run("solve", "9", "9", "--model", model).Code);
    }
}
