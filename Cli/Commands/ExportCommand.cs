using System.CommandLine;
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
        var command = new Command("export",
            "Write the model as ONNX (opset 17): input scaling, Gemm/Relu layers") { model, onnx };
        command.SetAction(r =>
        {
            var path = r.GetValue(onnx)!;
            var loaded = ModelOption.Load(r.GetValue(model)!);
            OnnxExporter.Write(loaded, path);
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
