using System.Globalization;
using System.Text.Json;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Training;

/// <summary>
/// An interrupted run on disk: the trainer's state (parameters, Adam moments and steps, shuffle
/// generator and order), the sample generator, the epochs done and their history, and the caller's
/// settings as strings. A safetensors file with a checksum, like a model, and checked as strictly.
/// </summary>
public sealed record Checkpoint(ResumePoint Resume, IReadOnlyList<EpochReport> History, IReadOnlyDictionary<string,
    string> Settings)
{
    public const string FileName = "checkpoint.safetensors";
    const string Format = "neural-ik-checkpoint/1";

    public void Save(string path)
    {
        var s = Resume.State;
        TensorEntry[] tensors =
        [
            new("parameters", [s.Parameters.Length], s.Parameters),
            new("adam.m", [s.AdamM.Length], s.AdamM),
            new("adam.v", [s.AdamV.Length], s.AdamV),
            new("order", [s.Order.Length], [.. s.Order.Select(i => (float)i)]),
        ];
        var meta = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["epochs_done"] = Resume.EpochsDone.ToString(CultureInfo.InvariantCulture),
            ["adam.steps"] = s.AdamSteps.ToString(CultureInfo.InvariantCulture),
            ["rng.shuffle"] = JsonSerializer.Serialize(s.Shuffle),
            ["history"] = JsonSerializer.Serialize(History.Select(h => new[] { h.Epoch, h.TrainLoss, h.ValidationLoss,
                h.Seconds })),
        };
        if (Resume.Samples is { } samples)
            meta["rng.samples"] = JsonSerializer.Serialize(samples);
        foreach (var (key, value) in Settings)
            meta["settings." + key] = value;
        meta[ModelChecksum.Key] = ModelChecksum.Compute(meta, tensors);
        AtomicFile.WriteAllBytes(path, SafeTensors.Serialize(tensors, meta));
    }

    public static Checkpoint Load(string path)
    {
        var file = SafeTensors.Read(path);
        var meta = file.Metadata;
        try
        {
            if (!meta.TryGetValue("format", out var format) || format != Format)
                throw new FormatException($"not a NeuralIk checkpoint (format '{format ?? "missing"}')");
            if (!meta.TryGetValue(ModelChecksum.Key, out var stored)
                || stored != ModelChecksum.Compute(meta, file.Tensors))
                throw new FormatException("checksum missing or wrong: the checkpoint was changed after saving");
            var order = file.Get("order").Data.Select(v => (int)v).ToArray();
            var state = new TrainerState(file.Get("parameters").Data, file.Get("adam.m").Data, file.Get("adam.v").Data,
                long.Parse(meta["adam.steps"], CultureInfo.InvariantCulture), Numbers(meta["rng.shuffle"]), order);
            var samples = meta.TryGetValue("rng.samples", out var text) ? Numbers(text) : null;
            var history = (JsonSerializer.Deserialize<double[][]>(meta["history"]) ?? [])
                .Select(h => new EpochReport((int)h[0], h[1], h[2], h[3])).ToList();
            var settings = meta.Where(kv => kv.Key.StartsWith("settings.", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key["settings.".Length..], kv => kv.Value);
            return new Checkpoint(new ResumePoint(int.Parse(meta["epochs_done"], CultureInfo.InvariantCulture), state,
                samples), history, settings);
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException or JsonException
            or IndexOutOfRangeException or OverflowException)
        {
            throw new ModelFormatException($"{path}: {e.Message}", e);
        }
    }

    static ulong[] Numbers(string json) =>
        JsonSerializer.Deserialize<ulong[]>(json) ?? throw new FormatException("missing generator state");
}
