using System.Globalization;
using System.Text.Json;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Tensors;

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
    /// <summary>The file's name for the guess of an arm learned from its recordings (see LearnedLayout).</summary>
    public const string LearnedOutputs = "learned-actuators";

    /// <summary>
    /// Widest layer a model file may declare (a bound against absurd allocations from a corrupted header).
    /// </summary>
    public const int MaxWidth = 1 << 14;

    /// <summary>
    /// The one constructor: a network, its input scaler, the chain it was trained for (planar or spatial: the kind of
    /// arm is said by the chain), the task it solves, and what its outputs are (a solver's sin/cos by its layout,
    /// or the seed's two angles of a 2-link arm).
    /// </summary>
    public IkModel(Mlp network, MinMaxScaler scaler, IChain chain, TaskBounds task, ModelKind kind = ModelKind.Solver,
        IReadOnlyDictionary<string, string>? training = null, Mlp? step = null)
    {
        if (network.Hidden != Activation.Relu)
            throw new ArgumentException("a model's network has ReLU hidden layers: its file says so by its layout");
        if (scaler.Columns != network.InputCount)
            throw new ArgumentException($"the scaler has {scaler.Columns} columns, the network {network.InputCount} " +
                $"inputs");
        var inSpace = chain is SpatialChain || chain is LearnedChain { IsPlanar: false };
        if (task.IsSpatial != inSpace)
            throw new ArgumentException($"a {(inSpace ? "spatial" : "planar")} chain does not solve a " +
                $"{(task.IsSpatial ? "spatial" : "planar")} {task.Name}");
        if (kind == ModelKind.Seed && !(chain is PlanarChain { Joints: 2 } && task == TaskBounds.PlanarPosition))
            throw new ArgumentException("a seed model is a 2-link arm's position regression");
        if (kind == ModelKind.Solver && ILayout.For(chain, task) is var layout
            && (network.InputCount != layout.Inputs || network.OutputCount != layout.Outputs))
            throw new ArgumentException($"architecture {string.Join('-', network.Sizes)} does not fit a " +
                $"{chain.Count}-joint {(task.IsSpatial ? "spatial" : "planar")} {task.Name} arm ({layout.Inputs} " +
                $"inputs, {layout.Outputs} outputs)");
        if (step is not null)
            RequireStep(step, chain, task);
        (Network, Scaler, Chain, Task, Kind, Step) = (network, scaler, chain, task, kind, step);
        Training = training ?? new Dictionary<string, string>();
    }

    /// <summary>The prefix of the step network's tensors in the file: "step.0.weight" [out, in], ….</summary>
    public const string StepPrefix = "step.";

    /// <summary>
    /// The learned step of an arm in space reaching poses (<see cref="StepLayout"/>), or null: applied from a known
    /// posture (the current one, or the guess network's answer), each step from where the last left it.
    /// </summary>
    public Mlp? Step { get; }

    /// <summary>This model with <paramref name="step"/> as its learned step.</summary>
    public IkModel WithStep(Mlp? step) => new(Network, Scaler, Chain, Task, Kind, Training, step);

    static void RequireStep(Mlp step, IChain chain, TaskBounds task)
    {
        if (chain is not SpatialChain arm || !task.HasOrientation)
            throw new ArgumentException("a learned step is for arms in space reaching poses");
        var layout = new StepLayout(arm);
        if (step.InputCount != layout.Inputs || step.OutputCount != layout.Outputs || step.Hidden != Activation.Relu)
            throw new ArgumentException($"step network {string.Join('-', step.Sizes)} does not fit a " +
                $"{arm.Count}-joint arm's step ({layout.Inputs} inputs, {layout.Outputs} outputs, ReLU)");
    }

    public Mlp Network { get; }
    public MinMaxScaler Scaler { get; }
    /// <summary>The chain the model was trained for: a planar arm's links and limits, or a URDF arm's joints.</summary>
    public IChain Chain { get; }
    /// <summary>What the model solves: positions or full poses, in the plane or in space.</summary>
    public TaskBounds Task { get; }
    public ModelKind Kind { get; }
    /// <summary>The outputs' name in the file: <see cref="SeedOutputs"/>, <see cref="TwoLinkOutputs"/>,
    /// <see cref="ChainOutputs"/> (one layout with the previous; 2-link files keep their older name) or
    /// <see cref="SpatialOutputs"/>.</summary>
    public string Outputs => Kind == ModelKind.Seed ? SeedOutputs : Chain is SpatialChain ? SpatialOutputs
        : Chain is LearnedChain ? LearnedOutputs
        : Chain.Count == 2 && Task == TaskBounds.PlanarPosition ? TwoLinkOutputs : ChainOutputs;
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
        // The guess network's tensors are named by number; a learned map's or residual's carry their prefix.
        var own = file.Tensors.Count(t => t.Name.Length > 0 && char.IsAsciiDigit(t.Name[0]));
        var step = meta.TryGetValue("arm.step", out var stepArchitecture)
            ? ReadLayers(file, StepPrefix, stepArchitecture, "arm.step") : null;
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
                ModelKind.Solver, training, step);
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
