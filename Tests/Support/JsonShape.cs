using System.Text.Json;

namespace NeuralIk.Tests.Support;

/// <summary>
/// Checks a JSON document against the subset of JSON Schema that docs/json-schema.json uses: type (one or a
/// list, "integer" included), properties, required, additionalProperties: false, items, enum, $ref to a
/// definition. Returns every mismatch with its path, so a failing test names what to change.
/// </summary>
public static class JsonShape
{
    public static List<string> Check(JsonElement value, JsonElement schema, JsonElement definitions)
    {
        var errors = new List<string>();
        Check(value, schema, definitions, "$", errors);
        return errors;
    }

    static void Check(JsonElement value, JsonElement schema, JsonElement definitions, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            Check(value, definitions.GetProperty(name), definitions, path, errors);
            return;
        }
        if (schema.TryGetProperty("type", out var type) && !Types(type).Any(t => Is(value, t)))
        {
            errors.Add($"{path}: {value.ValueKind} where the schema says {type}");
            return;
        }
        if (schema.TryGetProperty("enum", out var allowed)
            && !allowed.EnumerateArray().Any(a => a.ToString() == value.ToString()))
            errors.Add($"{path}: '{value}' is not one of {allowed}");
        if (value.ValueKind == JsonValueKind.Object)
            CheckObject(value, schema, definitions, path, errors);
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
                Check(item, items, definitions, $"{path}[{i++}]", errors);
        }
    }

    static void CheckObject(JsonElement value, JsonElement schema, JsonElement definitions, string path,
        List<string> errors)
    {
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                    errors.Add($"{path}: '{name}' is missing");
            }
        }
        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var sub))
                Check(property.Value, sub, definitions, $"{path}.{property.Name}", errors);
            else if (schema.TryGetProperty("additionalProperties", out var extra)
                && extra.ValueKind == JsonValueKind.False)
                errors.Add($"{path}: '{property.Name}' is not in the schema");
        }
    }

    static IEnumerable<string> Types(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!) : [type.GetString()!];

    static bool Is(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => throw new ArgumentException($"schema type '{type}' is not supported"),
    };
}
