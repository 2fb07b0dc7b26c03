using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace NeuralIk.Cli;

/// <summary>Messages go to stderr, results to stdout, so `--json` output and redirects stay clean.</summary>
public static class Say
{
    public static void Info(FormattableString message) => System.Console.Error.WriteLine(Invariant(message));

    public static void Result(FormattableString message) => System.Console.Out.WriteLine(Invariant(message));

    public static string Invariant(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value as one JSON document on stdout; NaN and infinities (an empty set's median) as the strings "NaN", "Infinity".</summary>
    public static void Json(object value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static bool Interactive => AnsiConsole.Profile.Capabilities.Interactive && !System.Console.IsErrorRedirected;
}
