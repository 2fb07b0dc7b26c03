using NeuralIk.Cli;

namespace NeuralIk.Tests.Support;

/// <summary>Runs the command line in-process with stdout and stderr captured (tests using it share the "console" collection).</summary>
public static class CliProcess
{
    public static (int Code, string Out, string Error) Run(params string[] args)
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
}
