using System.CommandLine;
using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Cli;

/// <summary>
/// Parses and runs a command line. Parse errors exit 2 with one line (System.CommandLine would exit 1
/// and print help); a known failure prints one line with its exit code; anything unexpected prints
/// its message and exits 1, with the stack trace only when NEURALIK_DEBUG=1.
/// </summary>
public static class CliRunner
{
    public static int Run(RootCommand root, string[] args, TextWriter error)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // An unknown option taken for a number leaves its value unmatched too; the option is the cause.
            var first = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("unknown option",
                StringComparison.Ordinal)) ?? parsed.Errors[0];
            error.WriteLine($"error: {first.Message}");
            return ExitCodes.BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            var (message, code) = Describe(e);
            error.WriteLine($"error: {message}");
            if (Environment.GetEnvironmentVariable("NEURALIK_DEBUG") == "1")
                error.WriteLine(e);
            return code;
        }
    }

    static (string Message, int Code) Describe(Exception e) => e switch
    {
        CliException c => (c.Message, c.ExitCode),
        DataFormatException or ModelFormatException or UrdfException or CalibrationException or ArgumentException
            or FileNotFoundException or DirectoryNotFoundException
            or FileWriteException or UnauthorizedAccessException => (e.Message, ExitCodes.BadInput),
        AggregateException { InnerException: { } inner } => Describe(inner),
        _ => (e.Message, ExitCodes.Failure),
    };
}
