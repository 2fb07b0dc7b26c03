using System.Text.Json;
using NeuralIk.Cli;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleTests;

/// <summary>The commands run in-process with stdout captured: each --json run prints exactly one parsable document.</summary>
[Collection("console")]
public sealed class JsonOutputTests : TempFolder
{
    static (int Code, string Out, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (CliRunner.Run(Commands.Root(), args, stderr), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

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
            Assert.Equal(0, doc.RootElement.GetProperty("evaluation").GetProperty("FalseSuccesses").GetInt32());
        }
        Assert.Contains("epoch", train.Error, StringComparison.Ordinal);

        var eval = Run("eval", "--model", model, "--samples", "300", "--json");
        Assert.Equal(0, eval.Code);
        using (var doc = JsonDocument.Parse(eval.Out))
            Assert.Equal(["uniform", "joint-space", "disc-1.2x"], doc.RootElement.EnumerateArray().Select(r => r.GetProperty("Distribution").GetString()));

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
            Assert.All(doc.RootElement.GetProperty("answers").EnumerateArray(), a => Assert.Equal("out_of_reach", a.GetProperty("status").GetString()));
    }

    [Fact]
    public void A_learning_rate_that_blows_up_training_exits_1_with_one_line()
    {
        var data = In("d.csv");
        Assert.Equal(0, Run("generate", "--samples", "500", "--out", data).Code);
        var (code, _, error) = Run("train", "--preset", "seed", "--lr", "10", "--epochs", "3", "--data", data, "--out", Folder, "--threads", "1");
        Assert.Equal(1, code);
        var last = error.Trim().Split('\n')[^1];
        Assert.StartsWith("error: training diverged at epoch 1", last, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_exit_2_with_one_line_and_no_stack_trace()
    {
        foreach (var args in new[] { new[] { "solve", "abc", "1" }, ["train", "--epochs", "0"], ["train", "--batch", "0"], ["train", "--links", "0,1"],
            ["train", "--limits", "2,1;0,1"], ["train", "--resume", Folder], ["--bogus"] })
        {
            var (code, _, error) = Run(args);
            Assert.Equal(2, code);
            Assert.Single(error.Trim().Split('\n'));
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        }
    }
}
