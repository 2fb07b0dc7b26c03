using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace NeuralIk.Cli;

/// <summary>Messages go to stderr, results to stdout, so `--json` output and redirects stay clean.</summary>
public static class Say
{
    // A message may come in parts, one per source line, so long messages stay within 120 columns; the parts
    // are joined as they are, in the invariant culture.
    public static void Info(params FormattableString[] message) => System.Console.Error.WriteLine(Invariant(message));

    public static void Result(params FormattableString[] message) => System.Console.Out.WriteLine(Invariant(message));

    public static string Invariant(params FormattableString[] message) =>
        string.Concat(message.Select(part => part.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// A value as one JSON document on stdout, in the one convention of every command (docs/json.md): names in
    /// snake_case, a number that does not exist (NaN or infinite: an empty set's median) as null.
    /// </summary>
    public static void Json(object value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>The document as JSON when asked for, else the text <paramref name="print"/> writes.</summary>
    public static void JsonOr(bool json, object document, Action print) => (json ? () => Json(document) : print)();

    /// <summary>The one JSON convention: snake_case names, null for a number that does not exist.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new FiniteOrNull() },
    };

    sealed class FiniteOrNull : JsonConverter<double>
    {
        public override bool HandleNull => false;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert,
            JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
                writer.WriteNumberValue(value);
            else
                writer.WriteNullValue();
        }
    }

    public static bool Interactive => AnsiConsole.Profile.Capabilities.Interactive && !System.Console.IsErrorRedirected;
}
