using System.Text;
using System.Text.Json.Nodes;
using NeuralIk.Engine.Numerics;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>
/// 10,000 bodies made by mutating valid requests (a value swapped for another of any kind or size, a field dropped,
/// added or repeated, the text cut short, a byte changed, names outside ASCII) posted to both endpoints for a planar
/// and a spatial arm: no answer is a 5xx, every 4xx says what in {"error": …}, and the server answers after.
/// </summary>
public class ServeFuzzTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static readonly (string Path, string Body)[] Valid =
    [
        ("/api/solve", """{"model": "arm", "target": [1.5, 0.5], "answers": 2, "branch": "up"}"""),
        ("/api/solve", """{"model": "arm", "targets": [[1, 1], [3, 0]], "obstacles": [[0.9, 0.9, 0.2]]}"""),
        ("/api/solve", """{"model": "ur5", "target": [0.3, 0.2, 0.4, 0, 1, 0, 0], "budget_ms": 0.5}"""),
        ("/api/solve", """{"model": "ur5", "targets": [[0.3, 0.2, 0.4]], "points": true, "budget_ms": 0.5}"""),
        ("/api/trajectory", """{"model": "arm", "line": [1.6, -0.4, 0.4, 1.5], "points": 5, "elbow": "down"}"""),
        ("/api/trajectory", """{"model": "arm", "circle": [0, 0, 1.5], "points": 4}"""),
        ("/api/trajectory", """{"model": "ur5", "circle": [0.3, 0, 0.3, 0.1], "quaternion": [0, 1, 0, 0]}"""),
        ("/api/trajectory", """{"model": "ur5", "line": [0.3, 0, 0.3, 0.3, 0.1, 0.3], "points": 3}"""),
    ];

    // Values of every kind, among them the edges of double and int, and the limits of each field.
    static readonly string[] Values =
    [
        "0", "-0", "1", "-1", "2", "3", "0.5", "7", "32", "33", "1e308", "-1e308", "1e-308", "5e-324", "1e20",
        "2147483648", "-2147483649", "100001", "10001", "60000", "60001", "\"up\"", "\"both\"", "\"\"", "\"arm\"",
        "\"ur5\"", "\"é\\u0000\"", "true", "false", "null", "[]", "{}", "[1, 2]", "[1, 2, 3]", "[[1, 2, 3]]",
        "[0, 0, 0, 1]", "[1e308, 1e308, 1e308]", "[[1e308, -1e308]]", "{\"a\": [1]}",
    ];

    static readonly string[] Fields =
        ["model", "target", "targets", "answers", "branch", "budget_ms", "obstacles", "points", "line", "circle",
            "elbow", "phi", "quaternion", "near", "near_mode", "é", "\u00ff\u00fe"];

    [Fact]
    public async Task Ten_thousand_mutated_bodies_get_no_5xx_and_the_server_answers_after()
    {
        var rng = new Rng(2323);
        var bodies = Enumerable.Range(0, 10_000).Select(_ =>
        {
            var (path, body) = Valid[rng.NextInt(Valid.Length)];
            return (path, Mutate(body, rng));
        }).ToArray();
        var failures = new List<string>();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, cancel) =>
        {
            using var content = new ByteArrayContent(b.Item2);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var response = await server.Client.PostAsync(b.path, content, cancel);
            var code = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(cancel);
            var named = code is >= 200 and < 300 || (code is >= 400 and < 500 && JsonNode.Parse(text)?["error"]
                is JsonValue);
            if (code >= 500 || !named)
            {
                lock (failures)
                    failures.Add($"{b.path} {Encoding.UTF8.GetString(b.Item2)} → {code} {text}");
            }
        });
        Assert.True(failures.Count == 0, $"{failures.Count} failures, e.g.\n{string.Join('\n', failures.Take(5))}");
        var (status, _) = await ServeTests.Post(server.Client, "/api/solve",
            """{"model": "arm", "target": [1.5, 0.5]}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
    }

    static byte[] Mutate(string body, Rng rng)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        var keys = node.Select(kv => kv.Key).ToArray();
        string text;
        switch (rng.NextInt(7))
        {
            case 0:
                node[keys[rng.NextInt(keys.Length)]] = JsonNode.Parse(Values[rng.NextInt(Values.Length)]);
                text = node.ToJsonString();
                break;
            case 1:
                node.Remove(keys[rng.NextInt(keys.Length)]);
                text = node.ToJsonString();
                break;
            case 2:
                node[Fields[rng.NextInt(Fields.Length)]] = JsonNode.Parse(Values[rng.NextInt(Values.Length)]);
                text = node.ToJsonString();
                break;
            case 3:
                // An element inside an array swapped: a target's coordinate, a list's member.
                text = Within(node, rng);
                break;
            case 4:
                text = node.ToJsonString();
                text = text[..rng.NextInt(text.Length)];
                break;
            case 5:
                // A field given twice: the last one differs.
                text = node.ToJsonString()[..^1] + $", \"{keys[rng.NextInt(keys.Length)]}\": " +
                    Values[rng.NextInt(Values.Length)] + "}";
                break;
            default:
                var bytes = Encoding.UTF8.GetBytes(node.ToJsonString());
                bytes[rng.NextInt(bytes.Length)] = (byte)rng.NextInt(256);
                return bytes;
        }
        return Encoding.UTF8.GetBytes(text);
    }

    static string Within(JsonObject node, Rng rng)
    {
        var arrays = node.Where(kv => kv.Value is JsonArray).Select(kv => kv.Value!.AsArray()).ToArray();
        if (arrays.Length == 0)
            return node.ToJsonString();
        var array = arrays[rng.NextInt(arrays.Length)];
        if (array.Count > 0 && array[0] is JsonArray inner && rng.NextInt(2) == 0)
            array = inner;
        if (array.Count > 0)
            array[rng.NextInt(array.Count)] = JsonNode.Parse(Values[rng.NextInt(Values.Length)]);
        return node.ToJsonString();
    }
}
