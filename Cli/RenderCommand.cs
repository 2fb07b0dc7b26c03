using System.CommandLine;
using System.Globalization;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>`neural-ik render X Y --out pose.png`: the answer for a target drawn; both branches for a solver model.</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var x = new Argument<double>("X") { Description = "Target x" };
        var y = new Argument<double>("Y") { Description = "Target y" };
        var output = new Option<string>("--out") { Description = "PNG file to write", DefaultValueFactory = _ => "out/pose.png" };
        var model = ModelOption.Create();
        var obstacles = SolveCommand.ObstacleOption();
        var command = new Command("render", "Draw the arm reaching for (X, Y)") { x, y, output, model, obstacles };
        command.SetAction(r =>
        {
            var path = r.GetValue(output)!;
            Render(ModelOption.Load(r.GetValue(model)!), r.GetValue(x), r.GetValue(y), SolveCommand.Obstacles(r.GetValue(obstacles)), path);
            Say.Result($"pose: {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static void Render(IkModel model, double x, double y, Obstacle[] obstacles, string path)
    {
        var circles = obstacles.Select(o => new Circle(o.X, o.Y, o.Radius)).ToArray();
        if (model.Outputs != SolverRecipe.Outputs)
        {
            var a = SeedAnswer.For(model, x, y);
            var caption = string.Create(CultureInfo.InvariantCulture,
                $"target ({x:F2}, {y:F2})   θ1 = {a.Angles.Theta1:F2}   θ2 = {a.Angles.Theta2:F2}   error = {a.Error:F3}");
            PoseRenderer.Write(path, model.Arm, [new DrawnPose(a.Angles.Theta1, a.Angles.Theta2)], a.Target, caption, circles);
            return;
        }
        var (up, down) = new IkSolver(model).SolveBoth(ArgParsing.Finite(x, "X"), ArgParsing.Finite(y, "Y"), obstacles);
        var poses = new List<DrawnPose>();
        foreach (var answer in new[] { up, down }.Where(a => a.Succeeded || a.Status == SolveStatus.ObstacleBlocked))
            poses.Add(new DrawnPose(answer.Theta1, answer.Theta2, Faint: answer.Status != SolveStatus.Ok && answer.Status != SolveStatus.Singular));
        var text = string.Create(CultureInfo.InvariantCulture,
            $"target ({x:F2}, {y:F2})   up: {IkAnswer.Name(up.Status)}   down: {IkAnswer.Name(down.Status)}   (faint: blocked)");
        PoseRenderer.Write(path, model.Arm, poses, new Engine.Kinematics.Point2(x, y), text, circles, model.Limits);
    }
}
