using System.Text.Json;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli.Server;

/// <summary>A request that cannot be served, with the one line that says why and the HTTP status to send.</summary>
public sealed class RequestException(string message, int status = StatusCodes.BadRequest) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>The HTTP statuses the server sends besides 200.</summary>
public static class StatusCodes
{
    public const int BadRequest = 400;
    public const int Forbidden = 403;
    public const int NotFound = 404;
    public const int TooLarge = 413;
    public const int UnsupportedMediaType = 415;
}

/// <summary>
/// POST /api/solve, read field by field so that every mistake is named: {"model": name (optional with one model),
/// "target": [numbers] or "targets": [[numbers], …] (at most <see cref="MaxTargets"/>), "answers": 1–32,
/// "branch": "up" | "down" | "both" (planar), "obstacles": [[x, y, r], …] (planar), "budget_ms": (0, 60000]
/// (spatial), "points": true (spatial: each answer's base, joint and tip positions, for drawing it)}. A target
/// is [x, y] or [x, y, φ] for a planar arm, [x, y, z] or [x, y, z, qx, qy, qz, qw] for a spatial one. The work a
/// request may ask is bounded (<see cref="RequireBoundedWork"/>).
/// </summary>
public sealed record SolveRequest(string? Model, double[][] Targets, bool Batch, int Answers, string Branch,
    double BudgetMs, Obstacle[] Obstacles, bool Points)
{
    /// <summary>"near": the arm's current posture, one value per joint, for every target (null: none).</summary>
    public double[]? Near { get; init; }
    /// <summary>"near_mode": "first" (default) or "nearest".</summary>
    public bool Nearest { get; init; }

    public const int MaxTargets = 100_000;
    /// <summary>Most answers a request may ask in all (targets × answers): 100,000 targets at the default 4.</summary>
    public const int MaxAnswersInAll = 400_000;
    /// <summary>Most search time a spatial request may ask in all (targets × budget_ms), in milliseconds.</summary>
    public const double MaxSearchMs = 60_000;
    static readonly string[] Fields =
        ["model", "target", "targets", "answers", "branch", "budget_ms", "obstacles", "points", "near", "near_mode"];

    public static SolveRequest Read(JsonElement root)
    {
        RequestFields.RequireObject(root, Fields, "\"target\" or \"targets\"");
        var model = RequestFields.OptionalString(root, "model");
        var (hasOne, hasMany) = (root.TryGetProperty("target", out var one), root.TryGetProperty("targets",
            out var many));
        if (hasOne == hasMany)
            throw new RequestException("give exactly one of \"target\" (one target) or \"targets\" (a list)");
        double[][] targets;
        if (hasOne)
        {
            targets = [RequestFields.Numbers(one, "target")];
        }
        else
        {
            if (many.ValueKind != JsonValueKind.Array)
                throw new RequestException("\"targets\" must be a list of targets");
            var count = many.GetArrayLength();
            if (count is 0 or > MaxTargets)
                throw new RequestException($"\"targets\" holds {count} targets: give 1 to {MaxTargets:N0}");
            targets = [.. many.EnumerateArray().Select((t, i) => RequestFields.Numbers(t, $"targets[{i}]"))];
        }
        var answers = RequestFields.WholeNumber(root, "answers", Engine.Solving.IkSolver.DefaultAnswers);
        if (answers is < 1 or > SolverArgs.MaxAnswers)
            throw new RequestException($"\"answers\" must be 1 to {SolverArgs.MaxAnswers}, got {answers}");
        var branch = RequestFields.OptionalString(root, "branch") ?? "both";
        if (branch is not ("up" or "down" or "both"))
            throw new RequestException($"\"branch\" must be \"up\", \"down\" or \"both\", got \"{branch}\"");
        var budget = root.TryGetProperty("budget_ms", out var ms) ? RequestFields.Finite(ms, "budget_ms") : 5;
        if (budget is <= 0 or > 60_000)
            throw new RequestException("\"budget_ms\" must be more than 0 and at most 60000");
        var points = root.TryGetProperty("points", out var p) && p.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RequestException("\"points\" must be true or false"),
        };
        var nearMode = RequestFields.OptionalString(root, "near_mode") ?? "first";
        if (nearMode is not ("first" or "nearest"))
            throw new RequestException($"\"near_mode\" must be \"first\" or \"nearest\", got \"{nearMode}\"");
        return new SolveRequest(model, targets, hasMany, answers, branch, budget, ReadObstacles(root), points)
        {
            Near = root.TryGetProperty("near", out var near) ? RequestFields.Numbers(near, "near", 1,
                Engine.Kinematics.JointVector.Capacity) : null,
            Nearest = nearMode == "nearest",
        };
    }

    /// <summary>
    /// Counts the top-level "targets" list of a body with a streaming reader and refuses more than
    /// <see cref="MaxTargets"/> before the body becomes a document; anything else is left to <see cref="Read"/>.
    /// </summary>
    public static void RequireFewTargets(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var (inTargets, count) = (false, 0);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                inTargets = reader.ValueTextEquals("targets"u8);
            else if (inTargets && reader.CurrentDepth == 2 && reader.TokenType is not (JsonTokenType.EndArray or
                JsonTokenType.EndObject))
                count++;
            if (inTargets && reader.CurrentDepth == 2 && reader.TokenType is JsonTokenType.StartArray or
                JsonTokenType.StartObject)
                reader.Skip();
        }
        if (count > MaxTargets)
            throw new RequestException($"\"targets\" holds {count} targets: give 1 to {MaxTargets:N0}");
    }

    /// <summary>
    /// Refuses (413) a request whose worst case is long: more than <see cref="MaxAnswersInAll"/> answers asked in
    /// all, or for a spatial arm more than <see cref="MaxSearchMs"/> of search (targets × budget_ms).
    /// </summary>
    public void RequireBoundedWork(bool spatial)
    {
        var answers = (long)Targets.Length * Answers;
        if (answers > MaxAnswersInAll)
            throw new RequestException($"this request asks for {answers:N0} answers ({Targets.Length:N0} targets × " +
                $"{Answers}); a request may ask {MaxAnswersInAll:N0} in all: send fewer targets or answers",
                StatusCodes.TooLarge);
        var search = Targets.Length * BudgetMs;
        if (spatial && search > MaxSearchMs)
            throw new RequestException(Say.Invariant($"this request may search {search / 1000:N1} s ") +
                Say.Invariant($"({Targets.Length:N0} targets × {BudgetMs:G} ms); a request may search ") +
                $"{MaxSearchMs / 1000:N0} s in all: send fewer targets or a smaller \"budget_ms\"",
                StatusCodes.TooLarge);
    }

    /// <summary>Target i as the model reads it (<see cref="Cli.Target"/>), a mistake naming the target.</summary>
    public Target Target(int i, IkSolver solver)
    {
        try
        {
            return Cli.Target.Read(solver, Targets[i]);
        }
        catch (ArgumentException e)
        {
            throw new RequestException($"{Name(i)}: {e.Message}");
        }
    }

    // "obstacles": [[x, y, r], …], circles the planar arm keeps clear of.
    static Obstacle[] ReadObstacles(JsonElement root)
    {
        if (!root.TryGetProperty("obstacles", out var list))
            return [];
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > 64)
            throw new RequestException("\"obstacles\" must be a list of at most 64 circles [x, y, r]");
        return [.. list.EnumerateArray().Select((o, i) => RequestFields.Numbers(o, $"obstacles[{i}]", 3, 3) is var c
            && c[2] > 0 ? new Obstacle(c[0], c[1], c[2])
            : throw new RequestException($"obstacles[{i}]: the radius must be positive"))];
    }

    string Name(int i) => Batch ? $"targets[{i}]" : "target";
}
