using System.Text.Json;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Model;

/// <summary>
/// An arm learned from its recordings as a model file records it: metadata "arm.learned" (JSON: the actuators'
/// names and recorded ranges, the forward map's architecture and hidden activation ("tanh"; absent in files from
/// before it was chosen: "relu"), the recorded workspace's box and cells, bit-packed in base64) and the forward
/// map's tensors beside the guess network's, named "forward.0.weight" [out, in], "forward.0.bias", … as
/// torch.nn.Sequential names them. Floats round-trip exactly.
/// </summary>
public static class LearnedChainFile
{
    public const string Prefix = "forward.";

    sealed record Entry(string[] Names, double[] Lower, double[] Upper, string Architecture, double[] Low,
        double[] High, int[] Counts, string Cells, string? Activation);

    public static string Write(LearnedChain chain)
    {
        var w = chain.Workspace;
        var cells = new byte[(w.Cells.Count + 7) / 8];
        for (var i = 0; i < w.Cells.Count; i++)
            cells[i / 8] |= (byte)(w.Cells[i] ? 1 << (i % 8) : 0);
        return JsonSerializer.Serialize(new Entry([.. chain.Names], [.. chain.Ranges.Select(r => r.Lo)],
            [.. chain.Ranges.Select(r => r.Hi)], string.Join('-', chain.Network.Sizes), [w.Low.X, w.Low.Y, w.Low.Z],
            [w.High.X, w.High.Y, w.High.Z], w.Counts, Convert.ToBase64String(cells),
            chain.Network.Hidden.ToString().ToLowerInvariant()));
    }

    /// <summary>The forward map's tensors, as the file stores them.</summary>
    public static IEnumerable<TensorEntry> Tensors(LearnedChain chain) => IkModel.Layers(chain.Network, Prefix);

    /// <summary>Reads what <see cref="Write"/> and <see cref="Tensors"/> wrote; anything else is a FormatException.
    /// </summary>
    public static LearnedChain Read(string json, SafeTensorsFile file)
    {
        var e = JsonSerializer.Deserialize<Entry>(json) ?? throw new FormatException("'arm.learned' is empty");
        if (e.Names is null || e.Lower is null || e.Upper is null || e.Low is not { Length: 3 }
            || e.High is not { Length: 3 } || e.Counts is not { Length: 3 } || e.Cells is null
            || e.Architecture is null)
            throw new FormatException("'arm.learned' lacks a field");
        if (e.Lower.Length != e.Names.Length || e.Upper.Length != e.Names.Length)
            throw new FormatException("'arm.learned' has not one range per actuator");
        if (e.Counts.Any(c => c is < 1 or > 64))
            throw new FormatException("'arm.learned' has a workspace grid out of bounds");
        var hidden = e.Activation switch
        {
            null or "relu" => Activation.Relu,
            "tanh" => Activation.Tanh,
            _ => throw new FormatException($"'arm.learned' has activation '{e.Activation}'"),
        };
        var network = IkModel.ReadLayers(file, Prefix, e.Architecture, "arm.learned", hidden);
        var bits = Convert.FromBase64String(e.Cells);
        var count = e.Counts[0] * e.Counts[1] * e.Counts[2];
        if (bits.Length != (count + 7) / 8)
            throw new FormatException("'arm.learned' has not one bit per workspace cell");
        var cells = Enumerable.Range(0, count).Select(i => (bits[i / 8] >> (i % 8) & 1) == 1).ToArray();
        var workspace = new RecordedWorkspace(new Vec3(e.Low[0], e.Low[1], e.Low[2]),
            new Vec3(e.High[0], e.High[1], e.High[2]), e.Counts, cells);
        var ranges = e.Lower.Zip(e.Upper, (lo, hi) => double.IsFinite(lo) && double.IsFinite(hi) && hi > lo
            ? new JointRange(lo, hi) : throw new FormatException($"'arm.learned' has a range [{lo}, {hi}]"));
        return new LearnedChain(network, e.Names, [.. ranges], workspace);
    }

}
