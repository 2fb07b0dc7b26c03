using System.Globalization;
using System.Text.Json;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A trained network with everything needed to use it: the input scaler, the arm it was trained for,
/// what its outputs mean, and how it was trained. Saved as safetensors with tensor names and shapes
/// that torch.nn.Sequential of Linear/ReLU loads directly: "0.weight" [out, in], "0.bias" [out],
/// "2.weight", … (ReLUs sit at the odd indices). Inside the engine W is [in, out]; save and load transpose.
/// </summary>
public sealed class IkModel
{
    public const string FormatName = "neural-ik/1";

    /// <summary>The file's name for a seed model's outputs: (θ1, θ2) in radians.</summary>
    public const string SeedOutputs = "angles";
    /// <summary>The file's name for a 2-link position solver's outputs (the chain layout for N = 2).</summary>
    public const string TwoLinkOutputs = "relative-sincos";
    /// <summary>The file's name for every other solver's outputs (see ChainLayout).</summary>
    public const string ChainOutputs = "chain-sincos";
    /// <summary>The file's name for a spatial arm's outputs (see SpatialLayout).</summary>
    public const string SpatialOutputs = "spatial-sincos";

    /// <summary>
    /// Widest layer a model file may declare (a bound against absurd allocations from a corrupted header).
    /// </summary>
    public const int MaxWidth = 1 << 14;

    public IkModel(Mlp network, MinMaxScaler scaler, PlanarChain chain, ModelKind kind, TaskBounds? task = null,
        IReadOnlyDictionary<string, string>? training = null)
    {
        if (scaler.Columns != network.InputCount)
            throw new ArgumentException($"the scaler has {scaler.Columns} columns, the network {network.InputCount} " +
                $"inputs");
        Network = network;
        Scaler = scaler;
        _chain = chain;
        Kind = kind;
        Task = task ?? TaskBounds.PlanarPosition;
        Training = training ?? new Dictionary<string, string>();
        if (chain.Joints == 2)
            _limits = new JointLimits(chain.Limits[0], chain.Limits[1]);
    }

    /// <summary>A model of a 2-link arm (the seed and the 2-link solver).</summary>
    public IkModel(Mlp network, MinMaxScaler scaler, Arm arm, ModelKind kind,
        IReadOnlyDictionary<string, string>? training = null, JointLimits? limits = null)
            : this(network, scaler, new PlanarChain(arm, limits ?? JointLimits.Full), kind, TaskBounds.PlanarPosition,
                training)
    {
    }

    /// <summary>A solver model of a spatial arm (a chain read from a robot file).</summary>
    public IkModel(Mlp network, MinMaxScaler scaler, SpatialChain chain, TaskBounds task,
        IReadOnlyDictionary<string, string>? training = null)
    {
        var layout = new SpatialLayout(chain, task);
        if (network.InputCount != layout.Inputs || network.OutputCount != layout.Outputs)
            throw new ArgumentException($"architecture {string.Join('-', network.Sizes)} does not fit a " +
                $"{chain.Count}-joint spatial {task} arm ({layout.Inputs} inputs, {layout.Outputs} outputs)");
        if (scaler.Columns != network.InputCount)
            throw new ArgumentException($"the scaler has {scaler.Columns} columns, the network {network.InputCount} " +
                $"inputs");
        (Network, Scaler, Spatial, Kind, Task) = (network, scaler, chain, ModelKind.Solver, task);
        Training = training ?? new Dictionary<string, string>();
    }

    readonly JointLimits? _limits;
    readonly PlanarChain? _chain;

    public Mlp Network { get; }
    public MinMaxScaler Scaler { get; }
    /// <summary>The chain the model was trained for: link lengths and joint limits.</summary>
    public PlanarChain Chain => _chain ?? throw new InvalidOperationException("a spatial arm's model has no " +
        "planar chain");
    /// <summary>The spatial chain of a model trained from a robot file; null for planar arms.</summary>
    public SpatialChain? Spatial { get; }
    /// <summary>Whether the model solves full poses (x, y, φ) rather than positions (x, y).</summary>
    public TaskBounds Task { get; }
    /// <summary>The 2-link arm of a 2-link model.</summary>
    public Arm Arm => _limits is null
        ? throw new InvalidOperationException($"a {Chain.Joints}-link chain model has no 2-link arm") : Chain.Base;
    /// <summary>The joint limits of a 2-link model.</summary>
    public JointLimits Limits => _limits ?? throw new InvalidOperationException($"a {Chain.Joints}-link chain model " +
        $"has no 2-link limits");
    public ModelKind Kind { get; }
    /// <summary>The outputs' name in the file: <see cref="SeedOutputs"/>, <see cref="TwoLinkOutputs"/>,
    /// <see cref="ChainOutputs"/> (one layout with the previous; 2-link files keep their older name) or
    /// <see cref="SpatialOutputs"/>.</summary>
    public string Outputs => Kind == ModelKind.Seed ? SeedOutputs : Spatial is not null ? SpatialOutputs
        : Chain.Joints == 2 && Task == TaskBounds.PlanarPosition ? TwoLinkOutputs : ChainOutputs;
    public IReadOnlyDictionary<string, string> Training { get; }

    public string Architecture => string.Join('-', Network.Sizes);

    /// <summary>
    /// outputs[n, out] = network(scaled inputs[n, in]): (x, y) for the seed, the raw layout inputs for a solver.
    /// </summary>
    public void Predict(ReadOnlySpan<float> inputs, int count, Span<float> outputs)
    {
        var scaled = new float[count * Network.InputCount];
        Scaler.Transform(inputs[..scaled.Length], scaled);
        Network.PredictInto(scaled, count, outputs);
    }

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
        if (sizes.Length < 2 || sizes.Length - 1 != file.Tensors.Count / 2 || sizes.Any(s => s is <= 0 or > MaxWidth))
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
        {
            var layer = network.Layers[l];
            layer.WriteWeightsTransposed(file.Get($"{2 * l}.weight").Data, network.Parameters);
            file.Get($"{2 * l}.bias").Data.CopyTo(layer.Bias(network.Parameters));
        }
        if (file.Tensors.Count != 2 * network.Layers.Count)
            throw new FormatException($"holds {file.Tensors.Count} tensors, architecture {string.Join('-', sizes)} " +
                $"needs {2 * network.Layers.Count}");
        var scaler = new MinMaxScaler(FloatArray(Required(meta, "scaler.min")),
            FloatArray(Required(meta, "scaler.max")));
        var training = meta.Where(kv => kv.Key.StartsWith("training.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["training.".Length..], kv => kv.Value);
        if (Required(meta, "outputs") == SpatialOutputs)
            return new IkModel(network, scaler, SpatialChainFile.Read(Required(meta, "arm.spatial")),
                TaskBounds.Parse(Required(meta, "arm.target"), spatial: true), training);
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
        if (kind == ModelKind.Solver)
        {
            var layout = new ChainLayout(links.Length, task);
            if (network.InputCount != layout.Inputs || network.OutputCount != layout.Outputs)
                throw new FormatException($"architecture {string.Join('-', sizes)} does not fit a " +
                    $"{links.Length}-link {task} chain ({layout.Inputs} inputs, " +
                        $"{layout.Outputs} outputs)");
        }
        return new IkModel(network, scaler, new PlanarChain(links, limits), kind, task, training);
    }

    IEnumerable<TensorEntry> Entries()
    {
        for (var l = 0; l < Network.Layers.Count; l++)
        {
            var layer = Network.Layers[l];
            var weight = new float[layer.WeightCount];
            layer.ReadWeightsTransposed(Network.Parameters, weight);
            yield return new TensorEntry($"{2 * l}.weight", [layer.Outputs, layer.Inputs], weight);
            yield return new TensorEntry($"{2 * l}.bias", [layer.Outputs], layer.Bias(Network.Parameters).ToArray());
        }
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
        if (Spatial is not null)
            meta["arm.spatial"] = SpatialChainFile.Write(Spatial);
        else
            (meta["arm.links"], meta["arm.limits"]) = (JsonSerializer.Serialize(Chain.Links),
                JointRange.Format(Chain.Limits));
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
