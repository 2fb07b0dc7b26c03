using System.Text.Json;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A calibrated arm's learned residual (<see cref="PositionResidual"/>) as a model file records it: metadata
/// "arm.residual" (JSON: the network's architecture, the joints' ranges, which of them slide, the output scale in
/// metres) and its tensors "residual.0.weight" [out, in], "residual.0.bias", … beside the guess network's.
/// </summary>
public static class PositionResidualFile
{
    public const string Prefix = "residual.";

    sealed record Entry(string Architecture, double[] Lower, double[] Upper, bool[] Sliding, double Scale);

    public static string Write(PositionResidual residual) => JsonSerializer.Serialize(new Entry(
        string.Join('-', residual.Network.Sizes), [.. residual.Ranges.Select(r => r.Lo)],
        [.. residual.Ranges.Select(r => r.Hi)], [.. residual.Sliding], residual.Scale));

    public static IEnumerable<TensorEntry> Tensors(PositionResidual residual) =>
        IkModel.Layers(residual.Network, Prefix);

    /// <summary>The residual alone in a file of its own (what a resumed training reads back).</summary>
    public static void Save(string path, PositionResidual residual) => AtomicFile.WriteAllBytes(path,
        SafeTensors.Serialize(Tensors(residual), new Dictionary<string, string>
        {
            ["arm.residual"] = Write(residual),
        }));

    public static PositionResidual Load(string path)
    {
        var file = SafeTensors.Read(path);
        return Read(file.Metadata.TryGetValue("arm.residual", out var json) ? json
            : throw new FormatException($"{path} holds no 'arm.residual'"), file);
    }

    public static PositionResidual Read(string json, SafeTensorsFile file)
    {
        var e = JsonSerializer.Deserialize<Entry>(json) ?? throw new FormatException("'arm.residual' is empty");
        if (e.Architecture is null || e.Lower is null || e.Upper is null || e.Sliding is null)
            throw new FormatException("'arm.residual' lacks a field");
        if (e.Upper.Length != e.Lower.Length || e.Sliding.Length != e.Lower.Length)
            throw new FormatException("'arm.residual' has not one range per joint");
        var ranges = e.Lower.Select((lo, i) => double.IsFinite(lo) && double.IsFinite(e.Upper[i]) && e.Upper[i] > lo
            ? new JointRange(lo, e.Upper[i])
            : throw new FormatException($"'arm.residual' has a range [{lo}, {e.Upper[i]}]")).ToArray();
        var network = IkModel.ReadLayers(file, Prefix, e.Architecture, "arm.residual");
        try
        {
            return new PositionResidual(network, ranges, e.Sliding, e.Scale);
        }
        catch (ArgumentException x)
        {
            throw new FormatException($"'arm.residual': {x.Message}");
        }
    }
}
