using System.Text.Json;

namespace NeuralIk.Cli.Server;

/// <summary>Reading a request's JSON fields so that every mistake names the field: shared by every endpoint.</summary>
public static class RequestFields
{
    /// <summary>The body must be an object holding only <paramref name="known"/> fields, each once.</summary>
    public static void RequireObject(JsonElement root, IReadOnlyList<string> known, string what)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new RequestException($"the body must be a JSON object with {what}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in root.EnumerateObject())
        {
            if (!known.Contains(field.Name))
                throw new RequestException($"unknown field \"{field.Name}\" (known: {string.Join(", ", known)})");
            if (!seen.Add(field.Name))
                throw new RequestException($"\"{field.Name}\" is given twice");
        }
    }

    public static string? OptionalString(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
                : throw new RequestException($"\"{name}\" must be a string");

    /// <summary>A list of <paramref name="min"/> to <paramref name="max"/> finite numbers.</summary>
    public static double[] Numbers(JsonElement value, string name, int min = 2, int max = 7)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() < min || value.GetArrayLength() > max)
            throw new RequestException(min == max ? $"{name} must be a list of {min} numbers"
                : $"{name} must be a list of {min} to {max} numbers");
        return [.. value.EnumerateArray().Select((v, i) => Finite(v, $"{name}[{i}]"))];
    }

    public static double Finite(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var v) && double.IsFinite(v) ? v
            : throw new RequestException($"{name} must be a finite number, got {Shown(value)}");

    public static int WholeNumber(JsonElement root, string name, int fallback) =>
        !root.TryGetProperty(name, out var value) ? fallback
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var v) ? v
                : throw new RequestException($"\"{name}\" must be a whole number, got {Shown(value)}");

    static string Shown(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
