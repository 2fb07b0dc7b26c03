using System.CommandLine;

namespace NeuralIk.Cli;

/// <summary>`neural-ik solve X Y`: the model's joint angles for a target, where they put the arm, and the miss.</summary>
public static class SolveCommand
{
    public static Command Create()
    {
        var x = new Argument<double>("X") { Description = "Target x" };
        var y = new Argument<double>("Y") { Description = "Target y" };
        var model = ModelOption.Create();
        var command = new Command("solve", "Joint angles that reach (X, Y)") { x, y, model };
        command.SetAction(r =>
        {
            var loaded = ModelOption.Load(r.GetValue(model)!);
            var a = SeedAnswer.For(loaded, r.GetValue(x), r.GetValue(y));
            Say.Result($"target      ({a.Target.X:F4}, {a.Target.Y:F4})");
            Say.Result($"theta1      {a.Angles.Theta1:F4} rad ({a.Angles.Theta1 * 180 / Math.PI:F1}°)");
            Say.Result($"theta2      {a.Angles.Theta2:F4} rad ({a.Angles.Theta2 * 180 / Math.PI:F1}°)");
            Say.Result($"FK(theta)   ({a.Reached.X:F4}, {a.Reached.Y:F4})");
            Say.Result($"error       {a.Error:F4} (reach {loaded.Arm.Reach:G3})");
            if (a.Analytic.Reachable)
                Say.Result($"analytic    up ({a.Analytic.Up.Theta1:F4}, {a.Analytic.Up.Theta2:F4})  down ({a.Analytic.Down.Theta1:F4}, {a.Analytic.Down.Theta2:F4})");
            else
                Say.Result($"analytic    {a.Analytic.Status}: nearest reachable point ({a.Analytic.Nearest.X:F4}, {a.Analytic.Nearest.Y:F4})");
            return a.Analytic.Reachable ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
