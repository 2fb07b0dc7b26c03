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
            if (r.GetValue(step) is not null && loaded.Step is null)
                throw new CliException("--step-onnx: this model has no learned step (arms in space trained for poses " +
                    "have one)");
            if (r.GetValue(direct) is not null && loaded.Direct is null)
                throw new CliException("--direct-onnx: this model has no direct guess (arms in space trained for " +
                    "poses have one)");
            OnnxExporter.Write(loaded, path);
            if (r.GetValue(step) is { } stepFile && loaded.Step is { } network)
            {
                AtomicFile.WriteAllBytes(stepFile, OnnxExporter.SerializeStep(loaded));
                Say.Result($"step onnx: {stepFile} (input \"input\" [N, {network.InputCount}]: target, posture, its ",
                    $"error's direction and log size; output \"output\" [N, {network.OutputCount}]: the change over ",
                    $"the error's size; docs/model-format.md)");
            }
            if (r.GetValue(direct) is { } directFile && loaded.Direct is { } heads)
            {
                AtomicFile.WriteAllBytes(directFile, OnnxExporter.SerializeDirect(loaded));
                Say.Result($"direct onnx: {directFile} (input \"input\" [N, {heads.InputCount}]: the target's ",
                    $"position over the reach and its rotation's columns; output \"output\" [N, {heads.OutputCount}]: ",
                    $"each head's (sin, cos) per joint; docs/model-format.md)");
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
