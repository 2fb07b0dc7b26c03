using System.Globalization;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// `neural-ik solve` with a chain model: one target (X Y, and PHI for a model trained with
/// --orientation) or a CSV batch. A redundant chain returns up to --answers distinct poses and their
/// spread; a 3-link pose returns one per branch. Exit 1 when nothing reaches the target.
/// </summary>
public static class ChainSolve
{
    public sealed record Request(double? X, double? Y, double? Phi, Elbow? Branch, int Answers, Obstacle[] Obstacles,
        bool Json,
        string? Input, string? Output);

    public static int Run(ChainSolver solver, Request request)
    {
        if (request.Input is { } input)
        {
            if (request.X is not null)
                throw new CliException("give either X Y or --input targets.csv, not both");
            return Batch(solver, request, input, request.Output ?? throw new CliException("--input needs --output"));
        }
        var target = Target(solver, request.X ?? throw new CliException("give X Y, or --input targets.csv"),
            request.Y ?? throw new CliException("give Y as well as X"), request.Phi);
        var solution = solver.Solve(target, request.Answers, request.Branch, request.Obstacles);
        if (request.Json)
            Say.Json(Json(solver, solution));
        else
            Print(solver, solution);
        return solution.Status == SolveStatus.Ok ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>The target a command line names, checked against what the model solves.</summary>
    public static Pose2 Target(ChainSolver solver, double x, double y, double? phi)
    {
        if (solver.TargetKind.HasOrientation && phi is null)
            throw new CliException($"this {solver.Chain.Joints}-link model solves full poses: give X Y PHI (PHI in " +
                $"radians)");
        if (!solver.TargetKind.HasOrientation)
            PositionOnly(phi);
        return new Pose2(ArgParsing.Finite(x, "X"), ArgParsing.Finite(y, "Y"),
            phi is { } p ? ArgParsing.Finite(p, "PHI") : 0);
    }

    /// <summary>A model that reaches positions takes no PHI.</summary>
    public static void PositionOnly(double? phi)
    {
        if (phi is not null)
            throw new CliException("PHI is for models trained with --orientation; this one reaches positions: " +
                "give X Y");
    }

    public static string Describe(ChainSolver solver, Pose2 t) => solver.TargetKind.HasOrientation
        ? string.Create(CultureInfo.InvariantCulture, $"({t.X:F4}, {t.Y:F4}, φ {t.Phi:F4})")
        : string.Create(CultureInfo.InvariantCulture, $"({t.X:F4}, {t.Y:F4})");

    static void Print(ChainSolver solver, ChainSolution s)
    {
        if (s.Status is SolveStatus.OutOfReach or SolveStatus.InnerHole)
        {
            Say.Result($"{IkAnswer.Name(s.Status)}: {Describe(solver, s.Target)} cannot be reached; nearest ",
                $"reachable point ({s.Nearest.X:F6}, {s.Nearest.Y:F6})");
            return;
        }
        var solved = s.Solved.Count();
        Say.Result($"{solver.Chain.Joints}-link chain, target {Describe(solver, s.Target)}: {solved} ",
            $"answer(s){(solved > 1 ? Say.Invariant($", spread {s.Spread:F3} rad") : "")}");
        for (var i = 0; i < s.Answers.Count; i++)
        {
            var a = s.Answers[i];
            var angles = string.Join(", ", a.Theta.Select(t => t.ToString("F6", CultureInfo.InvariantCulture)));
            Say.Result($"#{i + 1} {(a.Branch == Elbow.Up ? "up  " : "down")}  {IkAnswer.Name(a.Status),-16} θ = ",
                $"[{angles}]  residual {a.Residual:E1} after {a.Iterations} iterations");
        }
    }

    static object Json(ChainSolver solver, ChainSolution s) => new
    {
        target = solver.TargetKind.HasOrientation ? new[] { s.Target.X, s.Target.Y, s.Target.Phi }
            : [s.Target.X, s.Target.Y],
        status = IkAnswer.Name(s.Status),
        spread = s.Spread,
        nearest = new[] { s.Nearest.X, s.Nearest.Y },
        answers = s.Answers.Select(a => new
        {
            branch = a.Branch == Elbow.Up ? "up" : "down",
            status = IkAnswer.Name(a.Status),
            theta = a.Theta,
            residual = a.Residual,
            iterations = a.Iterations,
        }),
    };

    // One row per answer; a target with none gets one row with its status and empty angles.
    static int Batch(ChainSolver solver, Request request, string inputPath, string outputPath)
    {
        string[] header = solver.TargetKind.HasOrientation ? ["x", "y", "phi"] : ["x", "y"];
        var columns = CsvTable.Read<double>(inputPath, header);
        var targets = columns[0].Select((v, i) => new Pose2(v, columns[1][i],
            solver.TargetKind.HasOrientation ? columns[2][i] : 0)).ToArray();
        var solutions = solver.Solve(targets, request.Answers, request.Branch, request.Obstacles);
        var n = solver.Chain.Joints;
        AtomicFile.Write(outputPath, stream =>
        {
            using var w = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
            var thetas = string.Join(',', Enumerable.Range(1, n).Select(j => $"theta{j}"));
            w.WriteLine($"{string.Join(',', header)},status,answer,branch,{thetas},residual");
            for (var i = 0; i < targets.Length; i++)
            {
                var at = string.Join(',',
                    Enumerable.Range(0,
                        header.Length).Select(c => columns[c][i].ToString("R", CultureInfo.InvariantCulture)));
                var s = solutions[i];
                if (s.Answers.Count == 0)
                    w.WriteLine($"{at},{IkAnswer.Name(s.Status)},,,{new string(',', n - 1)},");
                for (var k = 0; k < s.Answers.Count; k++)
                {
                    var a = s.Answers[k];
                    var branch = a.Branch == Elbow.Up ? "up" : "down";
                    var angles = string.Join(',', a.Theta.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{at},{IkAnswer.Name(a.Status)},{k + 1},{branch},{angles},{a.Residual:R}"));
                }
            }
        });
        var (solved, answers) = (solutions.Count(s => s.Status == SolveStatus.Ok),
            solutions.Sum(s => s.Solved.Count()));
        if (request.Json)
            Say.Json(new { targets = targets.Length, solved, answers, output = outputPath });
        else
            Say.Info($"{targets.Length:N0} targets, {solved:N0} solved, {answers:N0} answers → {outputPath}");
        return ExitCodes.Ok;
    }
}
