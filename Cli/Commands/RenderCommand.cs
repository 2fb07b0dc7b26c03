using System.CommandLine;
using System.Globalization;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli.Commands;

/// <summary>
/// `neural-ik render X Y [PHI] --out pose.png`: every answer for a target drawn, one colour each (both
/// branches of a 2-link arm or a 3-link pose), blocked ones faint; a seed model's one averaged pose.
/// </summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var x = new Argument<double>("X") { Description = "Target x" };
        var y = new Argument<double>("Y") { Description = "Target y" };
        var phi = SolverArgs.PhiOrZArgument();
        var quaternion = SolverArgs.QuaternionArguments();
        var output = OutputPath.File(new Option<string>("--out") { Description = "PNG file to write",
            DefaultValueFactory = _ => "out/pose.png" });
        var model = ModelOption.Create();
        var obstacles = SolverArgs.ObstacleOption();
        var answers = SolverArgs.AnswersOption();
        var (candidates, budget) = SolverArgs.StopOptions();
        var command = new Command("render", "Draw the arm reaching for (X, Y), or a spatial arm for X Y Z [Q…]")
        {
            x, y, phi, quaternion[0], quaternion[1], quaternion[2], quaternion[3], output, model, obstacles, answers,
            candidates, budget,
        };
        command.SetAction(r =>
        {
            var path = r.GetValue(output)!;
            var loaded = ModelOption.Load(r.GetValue(model)!);
            var circles = SolverArgs.Obstacles(r.GetValue(obstacles));
            if (loaded.Kind == ModelKind.Seed)
            {
                SolverArgs.NoPhi(r.GetValue(phi));
                RenderSeed(loaded, r.GetValue(x), r.GetValue(y), circles, path);
            }
            else
            {
                var solver = new IkSolver(loaded);
                if (solver.Task.IsSpatial && circles.Length > 0)
                    throw new CliException("--obstacle is for planar arms");
                Render(solver, [r.GetValue(x), r.GetValue(y), .. SolverArgs.Numbers(r, [phi, .. quaternion])], circles,
                    path, r.GetValue(answers), SolverArgs.Stop(r.GetValue(candidates), r.GetValue(budget)));
            }
            Say.Result($"pose: {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Every answer for the target these numbers give, one colour each, blocked ones faint: in the plane, or in three
    /// views for an arm in space.
    /// </summary>
    public static void Render(IkSolver solver, double[] numbers, Obstacle[] obstacles, string path,
        int answers = IkSolver.DefaultAnswers, StopRule? stop = null)
    {
        var target = Target.Read(solver, numbers);
        var solution = solver.Solve(target.Frame, new SolveOptions
        {
            Answers = answers, Task = target.Task, Obstacles = obstacles, Stop = stop,
        });
        var poses = solution.Answers.Select((a, i) => new DrawnPose(a.Theta.ToArray(), Faint: !a.Succeeded,
            PoseRenderer.Answers[i % PoseRenderer.Answers.Length])).ToList();
        var solved = solution.Solved.Count();
        var found = !solver.Redundant && solution.Answers.Count > 0
            ? string.Join("   ", solution.Answers.Select(a =>
                $"{SolverArgs.Name(a.Branch)}: {IkAnswer.Name(a.Status)}")) + " (faint: blocked)"
            : solution.Status == SolveStatus.Ok
                ? Say.Invariant($"{solved} answer(s)",
                    $"{(solved > 1 ? Say.Invariant($", spread {solution.Spread:F2} rad") : "")}")
                : IkAnswer.Name(solution.Status) + (solution.Answers.Count > 0 ? " (faint)" : "");
        var caption = $"{Answers.Describe(solver)}, target {target}: {found}";
        if (solver.Chain is not PlanarChain)
        {
            SpatialRenderer.Write(path, solver.Chain, poses, target.Frame, target.Task.HasOrientation, caption);
            return;
        }
        var g = target.Given;
        PoseRenderer.Write(path, solver.Planar, poses, new Pose2(g[0], g[1], g.Length > 2 ? g[2] : 0), solver.Task,
            caption, obstacles);
    }

    // A seed model's one averaged pose, with its error.
    static void RenderSeed(IkModel model, double x, double y, Obstacle[] obstacles, string path)
    {
        var a = SeedAnswer.For(model, x, y);
        var caption = string.Create(CultureInfo.InvariantCulture,
            $"target ({x:F2}, {y:F2})   θ1 = {a.Angles.Theta1:F2}   θ2 = {a.Angles.Theta2:F2}   error = " +
                $"{a.Error:F3}");
        PoseRenderer.Write(path, (PlanarChain)model.Chain, [new DrawnPose([a.Angles.Theta1, a.Angles.Theta2])],
            new Pose2(x, y, 0), TaskBounds.PlanarPosition, caption, obstacles);
    }
}
