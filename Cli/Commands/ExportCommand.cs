using System.CommandLine;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Onnx;

namespace NeuralIk.Cli.Commands;

/// <summary>
/// `neural-ik export --model M --onnx model.onnx`: the network with its input scaling as an ONNX graph.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var onnx = OutputPath.File(new Option<string>("--onnx") { Description = "ONNX file to write",
            Required = true });
        var step = OutputPath.File(new Option<string?>("--step-onnx") { Description = "Also write the learned step " +
            "as an ONNX graph of its own (arms in space trained for poses)" });
        var direct = OutputPath.File(new Option<string?>("--direct-onnx") { Description = "Also write the direct " +
            "guess (its heads from the target alone) as an ONNX graph of its own (arms in space trained for poses)" });
        var command = new Command("export",
            "Write the model as ONNX (opset 17): input scaling, Gemm/Relu layers") { model, onnx, step, direct };
        command.SetAction(r =>
        {
            var path = r.GetValue(onnx)!;
            var loaded = ModelOption.Load(r.GetValue(model)!);
            // The graphs of their own, each checked before any file is written.
            (string Option, string? File, Mlp? Network, string Name, Func<IkModel, byte[]> Serialize, string In,
                string Out)[] graphs =
                [
                    ("--step-onnx", r.GetValue(step), loaded.Step, "learned step", OnnxExporter.SerializeStep,
                        "target, posture, its error's direction and log size", "the change over the error's size"),
                    ("--direct-onnx", r.GetValue(direct), loaded.Direct, "direct guess", OnnxExporter.SerializeDirect,
                        "the target's position over the reach and its rotation's columns",
                        "each head's (sin, cos) per joint"),
                ];
            foreach (var g in graphs.Where(g => g.File is not null && g.Network is null))
                throw new CliException($"{g.Option}: this model has no {g.Name} (arms in space trained for poses " +
                    "have one)");
            OnnxExporter.Write(loaded, path);
            foreach (var g in graphs.Where(g => g.File is not null))
            {
                AtomicFile.WriteAllBytes(g.File!, g.Serialize(loaded));
                Say.Result($"{g.Name} onnx: {g.File} (input \"input\" [N, {g.Network!.InputCount}]: {g.In}; ",
                    $"output \"output\" [N, {g.Network.OutputCount}]: {g.Out}; docs/model-format.md)");
            }
            Say.Result($"onnx: {path} (opset {OnnxExporter.Opset}; input \"input\" [N, {loaded.Network.InputCount}], ",
                $"output \"output\" [N, {loaded.Network.OutputCount}])");
            if (loaded.Chain is SpatialChain { IsMounted: true })
                Say.Result($"inputs are targets seen from the robot's base: take a target through the inverse of the ",
                    $"mount (arm.spatial's Mount, the instrument frame) first");
            if (loaded.Chain is LearnedChain)
                Say.Result($"this is the guess network (target and reference actuators in); the learned forward map ",
                    $"(the file's forward.* tensors) is what the solver refines on, and is not in the graph");
            return ExitCodes.Ok;
        });
        return command;
    }
}
