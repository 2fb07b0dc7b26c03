using System.CommandLine;
using System.Globalization;
using NeuralIk.Cli.Pictures;

namespace NeuralIk.Cli;

/// <summary>`neural-ik render X Y --out pose.png`: the model's pose for a target, drawn.</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var x = new Argument<double>("X") { Description = "Target x" };
        var y = new Argument<double>("Y") { Description = "Target y" };
        var output = new Option<string>("--out") { Description = "PNG file to write", DefaultValueFactory = _ => "out/pose.png" };
        var model = ModelOption.Create();
        var command = new Command("render", "Draw the arm reaching for (X, Y)") { x, y, output, model };
        command.SetAction(r =>
        {
            var path = r.GetValue(output)!;
            Render(ModelOption.Load(r.GetValue(model)!), r.GetValue(x), r.GetValue(y), path);
            Say.Result($"pose: {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static void Render(Engine.Model.IkModel model, double x, double y, string path)
    {
        var a = SeedAnswer.For(model, x, y);
        var caption = string.Create(CultureInfo.InvariantCulture,
            $"target ({x:F2}, {y:F2})   θ1 = {a.Angles.Theta1:F2}   θ2 = {a.Angles.Theta2:F2}   error = {a.Error:F3}");
        PoseRenderer.Write(path, model.Arm, [new DrawnPose(a.Angles.Theta1, a.Angles.Theta2)], a.Target, caption);
    }
}
