using NeuralIk.Engine.IO;
using NeuralIk.Engine.Model;

namespace NeuralIk.Onnx;

/// <summary>
/// Writes an <see cref="IkModel"/> as an ONNX graph (opset 17, IR version 8) that takes the model's
/// raw inputs ("input" [N, inputs]: (x, y) for the seed, (r, branch ±1) for the solver, the
/// ChainLayout inputs for a chain), applies the min-max scaling (Mul, Add), then Gemm (+ Relu) per
/// layer, and emits the network's outputs ("output" [N, outputs]: the seed's angles, the solver's
/// (sin α, cos α, sin θ2, cos θ2), a chain's (sin, cos) per joint).
/// The solver's decoding to angles needs atan2, which ONNX does not have; it stays with the caller:
/// θ2 = atan2(out[2], out[3]), θ1 = atan2(y, x) + atan2(out[0], out[1]).
/// </summary>
public static class OnnxExporter
{
    public const int Opset = 17;
    const long IrVersion = 8;

    public static void Write(IkModel model, string path) => AtomicFile.WriteAllBytes(path, Serialize(model));

    /// <summary>The name a step graph's "outputs" property carries.</summary>
    public const string StepOutputs = "step-over-error";

    /// <summary>
    /// The model's learned step (<see cref="StepLayout"/>) as a graph of its own: "input" [N, 9 + 2·joints + 7], the
    /// inputs as the layout encodes them (no scaling), "output" [N, joints], the change over the error's size.
    /// </summary>
    public static byte[] SerializeStep(IkModel model) => Serialize(model.Step ?? throw new ArgumentException(
        "the model has no learned step (arms in space trained for poses have one)"), null, StepOutputs);

    /// <summary>The name a direct guess graph's "outputs" property carries.</summary>
    public const string DirectOutputs = "heads-of-sin-cos";

    /// <summary>
    /// The model's direct guess (<see cref="DirectLayout"/>) as a graph of its own: "input" [N, 12], the target as
    /// the layout encodes it (no scaling), "output" [N, heads · 2 · joints], each head's (sin, cos) per joint.
    /// </summary>
    public static byte[] SerializeDirect(IkModel model) => Serialize(model.Direct ?? throw new ArgumentException(
        "the model has no direct guess (arms in space trained for poses have one)"), null, DirectOutputs);

    public static byte[] Serialize(IkModel model)
    {
        // s = v · scale + offset, with scale = 2/(max − min) and offset = −2·min/(max − min) − 1 (0, 0 for a constant
        // column).
        var columns = model.Scaler.Columns;
        var scale = new float[columns];
        var offset = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            var span = model.Scaler.Max[c] - model.Scaler.Min[c];
            (scale[c], offset[c]) = span > 0 ? (2f / span, -2f * model.Scaler.Min[c] / span - 1f) : (0f, 0f);
        }
        return Serialize(model.Network, (scale, offset), model.Outputs);
    }

    // The graph of a network, its inputs scaled first where a scaling is given.
    static byte[] Serialize(Mlp network, (float[] Scale, float[] Offset)? scaling, string outputs)
    {
        var nodes = new List<byte[]>();
        var initializers = new List<byte[]>();
        var previous = "input";
        if (scaling is var (scale, offset))
        {
            initializers.Add(Proto.FloatTensor("scaler.scale", [scale.Length], scale));
            initializers.Add(Proto.FloatTensor("scaler.offset", [offset.Length], offset));
            nodes.Add(Proto.Node("Mul", "scale", ["input", "scaler.scale"], ["scaled.0"]));
            nodes.Add(Proto.Node("Add", "offset", ["scaled.0", "scaler.offset"], ["scaled"]));
            previous = "scaled";
        }
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            var (weight, bias) = (new float[layer.WeightCount], new float[layer.Outputs]);
            network.ReadLayer(l, weight, bias);
            initializers.Add(Proto.FloatTensor($"{2 * l}.weight", [layer.Outputs, layer.Inputs], weight));
            initializers.Add(Proto.FloatTensor($"{2 * l}.bias", [layer.Outputs], bias));
            var last = l == network.Layers.Count - 1;
            var gemm = last ? "output" : $"gemm.{l}";
            nodes.Add(Proto.Node("Gemm", $"linear.{l}", [previous, $"{2 * l}.weight", $"{2 * l}.bias"], [gemm],
                Proto.IntAttribute("transB", 1), Proto.FloatAttribute("alpha", 1f), Proto.FloatAttribute("beta", 1f)));
            previous = gemm;
            if (!last)
            {
                nodes.Add(Proto.Node("Relu", $"relu.{l}", [gemm], [$"relu.{l}"]));
                previous = $"relu.{l}";
            }
        }

        var graph = Proto.Message(g =>
        {
            foreach (var n in nodes)
                g.Bytes(1, n);
            g.String(2, "neural_ik");
            foreach (var t in initializers)
                g.Bytes(5, t);
            g.Bytes(11, Proto.FloatInput("input", "N", network.InputCount));
            g.Bytes(12, Proto.FloatInput("output", "N", network.OutputCount));
        });
        return Proto.Message(m =>
        {
            m.Int64(1, IrVersion);
            m.String(2, "neural-ik");
            m.Bytes(7, graph);
            m.Bytes(8, Proto.Message(opset =>
            {
                opset.String(1, "");
                opset.Int64(2, Opset);
            }));
            m.Bytes(14, Proto.Message(p =>
            {
                p.String(1, "outputs");
                p.String(2, outputs);
            }));
        });
    }
}
