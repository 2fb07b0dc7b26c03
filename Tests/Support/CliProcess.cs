using NeuralIk.Cli;
using NeuralIk.Cli.Commands;
using Xunit;

namespace NeuralIk.Tests.Support;

/// <summary>
/// Runs the command line in-process with stdout and stderr captured (tests using it share the "console" collection).
/// </summary>
public static class CliProcess
{
    /// <summary>Exit 2 with exactly one line on stderr that names what is wrong (and no temporary file).</summary>
    public static void BadInput((int Code, string Out, string Error) run, string mentions)
    {
        Assert.True(run.Code == 2, $"exit {run.Code}: {run.Error}");
        var line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains(mentions, line, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", line, StringComparison.Ordinal);
    }

    public static (int Code, string Out, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (CliRunner.Run(CommandTree.Root(), args, stderr), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
