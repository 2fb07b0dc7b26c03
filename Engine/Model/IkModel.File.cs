using System.Globalization;
using System.Text.Json;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Model;

// The model file: safetensors with the metadata that says what the tensors are, read back with every shape checked.
public sealed partial class IkModel
{
    public void Save(string path) => AtomicFile.WriteAllBytes(path, Serialize());

    /// <summary>The file's bytes: tensors, metadata and the checksum over both.</summary>
    public byte[] Serialize()
    {
        var entries = Entries().ToList();
        var metadata = Metadata();
        metadata[ModelChecksum.Key] = ModelChecksum.Compute(metadata, entries);
        return SafeTensors.Serialize(entries, metadata);
    }

    public static IkModel Load(string path) => FromFile(SafeTensors.Read(path), path);

    /// <summary>Loads from bytes; <paramref name="name"/> is used in error messages.</summary>
    public static IkModel Parse(ReadOnlySpan<byte> bytes, string name) => FromFile(SafeTensors.Parse(bytes, name),
        name);

    static IkModel FromFile(SafeTensorsFile file, string name)
    {
        try
        {
            return FromFile(file);
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException or JsonException or ArgumentException
            or OverflowException)
        {
            throw new ModelFormatException($"{name}: {e.Message}", e);
        }
    }

    static IkModel FromFile(SafeTensorsFile file)
    {
        var meta = file.Metadata;
        if (!meta.TryGetValue("format", out var format) || format != FormatName)
            throw new FormatException($"not a NeuralIk model (format '{format ?? "missing"}', " +
                $"expected '{FormatName}')");
        var sizes = Required(meta,
            "architecture").Split('-').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        // Check the architecture against the tensors before allocating anything it implies.
        // The guess network's tensors are named by number; a learned map's or residual's carry their prefix.
        var own = file.Tensors.Count(t => t.Name.Length > 0 && char.IsAsciiDigit(t.Name[0]));
        var step = meta.TryGetValue("arm.step", out var stepArchitecture)
            ? ReadLayers(file, StepPrefix, stepArchitecture, "arm.step") : null;
        var direct = meta.TryGetValue("arm.direct", out var directArchitecture)
            ? ReadLayers(file, DirectPrefix, directArchitecture, "arm.direct") : null;
        if (sizes.Length < 2 || sizes.Length - 1 != own / 2 || sizes.Any(s => s is <= 0 or > MaxWidth))
            throw new FormatException($"architecture '{Required(meta, "architecture")}' does not describe the " +
                $"{file.Tensors.Count} tensors in the file");
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            RequireShape(file.Get($"{2 * l}.weight"), [sizes[l + 1], sizes[l]]);
            RequireShape(file.Get($"{2 * l}.bias"), [sizes[l + 1]]);
        }
        // A file without a checksum (written by another tool) is taken on its structure alone.
        if (meta.TryGetValue(ModelChecksum.Key, out var stored) && stored != ModelChecksum.Compute(meta, file.Tensors))
            throw new FormatException("checksum mismatch: the tensors or metadata were changed after saving " +
                "(corrupted file?)");
        var network = new Mlp(sizes);
        for (var l = 0; l < network.Layers.Count; l++)
            network.WriteLayer(l, file.Get($"{2 * l}.weight").Data, file.Get($"{2 * l}.bias").Data);
        if (own != 2 * network.Layers.Count)
            throw new FormatException($"holds {own} tensors, architecture {string.Join('-', sizes)} " +
                $"needs {2 * network.Layers.Count}");
        var scaler = new MinMaxScaler(FloatArray(Required(meta, "scaler.min")),
            FloatArray(Required(meta, "scaler.max")));
        var training = meta.Where(kv => kv.Key.StartsWith("training.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["training.".Length..], kv => kv.Value);
        if (Required(meta, "outputs") == SpatialOutputs)
        {
            var arm = SpatialChainFile.Read(Required(meta, "arm.spatial"));
            if (meta.TryGetValue("arm.residual", out var residual))
                arm = arm.WithCorrection(PositionResidualFile.Read(residual, file));
            return new IkModel(network, scaler, arm, TaskBounds.Parse(Required(meta, "arm.target"), spatial: true),
                ModelKind.Solver, training, step, direct);
        }
        if (Required(meta, "outputs") == LearnedOutputs)
        {
            var learned = LearnedChainFile.Read(Required(meta, "arm.learned"), file);
            return new IkModel(network, scaler, learned, TaskBounds.Parse(Required(meta, "arm.target"),
                spatial: !learned.IsPlanar), ModelKind.Solver, training);
        }
        var links = JsonSerializer.Deserialize<double[]>(Required(meta, "arm.links")) ?? [];
        var limits = meta.TryGetValue("arm.limits", out var text) ? JointRange.ParseList(text) : null;
        var task = meta.TryGetValue("arm.target", out var target) ? TaskBounds.Parse(target)
            : TaskBounds.PlanarPosition;
        var outputs = Required(meta, "outputs");
        var kind = outputs switch
        {
            SeedOutputs => ModelKind.Seed,
            TwoLinkOutputs or ChainOutputs => ModelKind.Solver,
            _ => throw new FormatException($"outputs '{outputs}' are none of '{SeedOutputs}', '{TwoLinkOutputs}', " +
                $"'{ChainOutputs}'"),
        };
        if (outputs != ChainOutputs && (links.Length != 2 || task.HasOrientation))
            throw new FormatException($"'{outputs}' models are for 2-link arms and positions, the file describes " +
                $"{links.Length} links{(task.HasOrientation ? " and poses" : "")}");
        return new IkModel(network, scaler, new PlanarChain(links, limits), task, kind, training);
    }

    /// <summary>A network's layers as the file stores them: "{prefix}{2l}.weight" [out, in], "{prefix}{2l}.bias".
    /// </summary>
    internal static IEnumerable<TensorEntry> Layers(Mlp network, string prefix)
    {
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            var (weight, bias) = (new float[layer.WeightCount], new float[layer.Outputs]);
            network.ReadLayer(l, weight, bias);
            yield return new TensorEntry($"{prefix}{2 * l}.weight", [layer.Outputs, layer.Inputs], weight);
            yield return new TensorEntry($"{prefix}{2 * l}.bias", [layer.Outputs], bias);
        }
    }

    /// <summary>
    /// The network "{prefix}{2l}.weight" and ".bias" of a file hold, for <paramref name="architecture"/> (what
    /// <paramref name="owner"/>, a metadata entry, declares); a FormatException if they do not fit it.
    /// </summary>
    internal static Mlp ReadLayers(SafeTensorsFile file, string prefix, string architecture, string owner,
        Activation hidden = Activation.Relu)
    {
        var sizes = architecture.Split('-').Select(s => int.TryParse(s, NumberStyles.None,
            CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
        if (sizes.Length < 2 || sizes.Any(s => s is <= 0 or > MaxWidth))
            throw new FormatException($"'{owner}' has architecture '{architecture}'");
        var network = new Mlp(sizes, null, hidden);
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var (weight, bias) = (file.Get($"{prefix}{2 * l}.weight"), file.Get($"{prefix}{2 * l}.bias"));
            if (!weight.Shape.SequenceEqual([sizes[l + 1], sizes[l]]) || !bias.Shape.SequenceEqual([sizes[l + 1]]))
                throw new FormatException($"tensor '{weight.Name}' does not fit architecture '{architecture}'");
            network.WriteLayer(l, weight.Data, bias.Data);
        }
        return network;
    }

    IEnumerable<TensorEntry> Entries()
    {
        foreach (var tensor in Layers(Network, ""))
            yield return tensor;
        var extra = Chain switch
        {
            LearnedChain learned => LearnedChainFile.Tensors(learned),
            SpatialChain { Correction: PositionResidual residual } => PositionResidualFile.Tensors(residual),
            _ => [],
        };
        foreach (var tensor in extra)
            yield return tensor;
        foreach (var tensor in Step is null ? [] : Layers(Step, StepPrefix))
            yield return tensor;
        foreach (var tensor in Direct is null ? [] : Layers(Direct, DirectPrefix))
            yield return tensor;
    }

    Dictionary<string, string> Metadata()
    {
        var meta = new Dictionary<string, string>
        {
            ["format"] = FormatName,
            ["architecture"] = Architecture,
            ["activation"] = "relu",
            ["outputs"] = Outputs,
            ["scaler.min"] = JsonSerializer.Serialize(Scaler.Min),
            ["scaler.max"] = JsonSerializer.Serialize(Scaler.Max),
            ["arm.target"] = Task.Name,
        };
        if (Chain is SpatialChain spatial)
            meta["arm.spatial"] = SpatialChainFile.Write(spatial);
        if (Chain is SpatialChain { Correction: PositionResidual residual })
            meta["arm.residual"] = PositionResidualFile.Write(residual);
        if (Step is not null)
            meta["arm.step"] = string.Join('-', Step.Sizes);
        if (Direct is not null)
            meta["arm.direct"] = string.Join('-', Direct.Sizes);
        if (Chain is LearnedChain learned)
            meta["arm.learned"] = LearnedChainFile.Write(learned);
        else if (Chain is PlanarChain planar)
            (meta["arm.links"], meta["arm.limits"]) = (JsonSerializer.Serialize(planar.Links),
                JointRange.Format(planar.Limits));
        foreach (var (key, value) in Training)
            meta["training." + key] = value;
        return meta;
    }

    static string Required(IReadOnlyDictionary<string, string> meta, string key) =>
        meta.TryGetValue(key, out var value) ? value : throw new FormatException($"metadata lacks '{key}'");

    static float[] FloatArray(string json) =>
        JsonSerializer.Deserialize<float[]>(json) ?? throw new FormatException($"'{json}' is not a list of numbers");

    static void RequireShape(TensorEntry tensor, int[] shape)
    {
        if (!tensor.Shape.SequenceEqual(shape))
            throw new FormatException($"tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}], " +
                $"expected [{string.Join(", ", shape)}]");
    }
}
