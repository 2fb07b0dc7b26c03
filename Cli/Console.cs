using System.Globalization;
using Spectre.Console;

namespace NeuralIk.Cli;

/// <summary>Messages go to stderr, results to stdout, so `--json` output and redirects stay clean.</summary>
public static class Say
{
    public static void Info(FormattableString message) => System.Console.Error.WriteLine(Invariant(message));

    public static void Result(FormattableString message) => System.Console.Out.WriteLine(Invariant(message));

    public static string Invariant(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);

    public static bool Interactive => AnsiConsole.Profile.Capabilities.Interactive && !System.Console.IsErrorRedirected;
}
