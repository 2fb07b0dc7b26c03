using System.CommandLine;
using System.Globalization;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// `neural-ik render X Y [PHI] --out pose.png`: the answer for a target drawn; both branches for a 2-link
/// solver model, every answer (one colour each) for a chain.
/// </summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var x = new Argument<double>("X") { Description = "Target x" };
        var y = new Argument<double>("Y") { Description = "Target y" };
        var phi = new Argument<double?>("PHI") { Description = "End orientation in radians (models trained with " +
            "--orientation)", Arity = ArgumentArity.ZeroOrOne };
        var output = OutputPath.File(new Option<string>("--out") { Description = "PNG file to write",
            DefaultValueFactory = _ => "out/pose.png" });
        var model = ModelOption.Create();
        var obstacles = SolveCommand.ObstacleOption();
        var answers = EvalCommand.AnswersOption();
        var command = new Command("render", "Draw the arm reaching for (X, Y)") { x, y, phi, output, model, obstacles,
            answers };
        command.SetAction(r =>
        {
            var path = r.GetValue(output)!;
            Render(ModelOption.Load(r.GetValue(model)!), r.GetValue(x), r.GetValue(y),
                SolveCommand.Obstacles(r.GetValue(obstacles)), path,
                r.GetValue(phi), r.GetValue(answers));
            Say.Result($"pose: {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static void Render(IkModel model, double x, double y, Obstacle[] obstacles, string path, double? phi = null,
        int answers = ChainSolver.DefaultAnswers)
    {
        var circles = obstacles.Select(o => new Circle(o.X, o.Y, o.Radius)).ToArray();
        if (ModelOption.IsChain(model))
        {
            var solver = new ChainSolver(model);
            RenderChain(solver, ChainSolve.Target(solver, x, y, phi), obstacles, answers, circles, path);
            return;
        }
        ChainSolve.PositionOnly(phi);
        if (model.Kind == ModelKind.Seed)
        {
            var a = SeedAnswer.For(model, x, y);
            var caption = string.Create(CultureInfo.InvariantCulture,
                $"target ({x:F2}, {y:F2})   θ1 = {a.Angles.Theta1:F2}   θ2 = {a.Angles.Theta2:F2}   error = " +
                    $"{a.Error:F3}");
            PoseRenderer.Write(path, model.Chain, [new DrawnPose([a.Angles.Theta1, a.Angles.Theta2])],
                new Pose2(x, y, 0), TargetKind.Position, caption, circles);
            return;
        }
        var (up, down) = new IkSolver(model).SolveBoth(ArgParsing.Finite(x, "X"), ArgParsing.Finite(y, "Y"), obstacles);
        var poses = new[] { up, down }.Where(a => a.Succeeded || a.Status == SolveStatus.ObstacleBlocked)
            .Select(a => new DrawnPose([a.Theta1, a.Theta2],
                Faint: a.Status != SolveStatus.Ok && a.Status != SolveStatus.Singular)).ToList();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"target ({x:F2}, {y:F2})   up: {IkAnswer.Name(up.Status)}   down: {IkAnswer.Name(down.Status)}   " +
                $"(faint: blocked)");
        PoseRenderer.Write(path, model.Chain, poses, new Pose2(x, y, 0), TargetKind.Position, text, circles);
    }

    static void RenderChain(ChainSolver solver, Pose2 target, Obstacle[] obstacles, int answers, Circle[] circles,
        string path)
    {
        var solution = solver.Solve(target, answers, null, obstacles);
        var poses = solution.Answers.Select((a, i) => new DrawnPose(a.Theta, Faint: !a.Succeeded,
            PoseRenderer.Answers[i % PoseRenderer.Answers.Length])).ToList();
        var solved = solution.Solved.Count();
        var found = solver.Layout.Free == 0 && solution.Answers.Count > 0
            ? string.Join("   ",
                solution.Answers.Select(a => $"{(a.Branch == Elbow.Up ? "up" : "down")}: {IkAnswer.Name(a.Status)}"))
            : solution.Status == SolveStatus.Ok
                ? Say.Invariant($"{solved} answer(s)",
                    $"{(solved > 1 ? Say.Invariant($", spread {solution.Spread:F2} rad") : "")}")
                : IkAnswer.Name(solution.Status) + (solution.Answers.Count > 0 ? " (faint)" : "");
        PoseRenderer.Write(path, solver.Chain, poses, target, solver.TargetKind,
            $"{solver.Chain.Joints} links, target {ChainSolve.Describe(solver, target)}: {found}", circles);
    }
}
