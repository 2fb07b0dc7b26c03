using System.Globalization;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// `neural-ik solve X Y Z [QX QY QZ QW]` for a spatial arm's model (without the quaternion, any orientation):
/// up to --answers distinct poses within --budget-ms, each with its position and orientation error recomputed
/// from FK; or a batch `--input targets.csv --output solutions.csv` (header x,y,z,qx,qy,qz,qw or x,y,z; one
/// output row per answer, the joints named as in the robot file). Exit 1 when nothing reaches the target.
/// </summary>
public static class SpatialSolve
{
    static readonly string[] Header = ["x", "y", "z", "qx", "qy", "qz", "qw"];

    /// <summary>
    /// The target a command line names: a position (m) and a unit quaternion (x, y, z, w), or a position alone.
    /// </summary>
    public static (Frame Target, TaskBounds Task) Target(IReadOnlyList<double?> numbers)
    {
        if (numbers.Take(3).Any(n => n is null))
            throw new CliException("give the target as X Y Z (a position in metres, any orientation) or " +
                "X Y Z QX QY QZ QW (and a unit quaternion)");
        var given = numbers.Skip(3).Count(n => n is not null);
        if (given is not (0 or 4))
            throw new CliException($"give all four of QX QY QZ QW, or none for a position alone (got {given})");
        var v = numbers.Take(3 + given).Select((n, i) => ArgParsing.Finite(n!.Value, Header[i].ToUpperInvariant()))
            .ToArray();
        var position = new Vec3(v[0], v[1], v[2]);
        return given == 0 ? (Frame.Translation(position), TaskBounds.Position)
            : (Frame.FromQuaternion(position, v[3], v[4], v[5], v[6]), TaskBounds.Pose);
    }

    static (double Position, double Orientation) Errors(IkSolver solver, Frame target, TaskBounds task,
        IkAnswer a) => new ChainTarget(solver.Spatial, target, task).Errors(Theta(a));

    public static int One(IkSolver solver, Frame target, TaskBounds task, int answers, double budgetMs,
        bool json)
    {
        var s = Solve(solver, target, task, answers, budgetMs);
        if (json)
        {
            Say.Json(Json(solver, target, task, s));
            return s.Solved.Any() ? ExitCodes.Ok : ExitCodes.Failure;
        }
        var chain = solver.Spatial;
        var where = Say.Invariant($"({target.P.X:F4}, {target.P.Y:F4}, {target.P.Z:F4})") +
            (task.HasOrientation ? "" : ", any orientation");
        if (s.Status == SolveStatus.OutOfReach)
        {
            Say.Result($"out_of_reach: {where} is farther from the base than the chain's reach bound ",
                $"({chain.Reach:F4} m); nearest point on the bound ({s.Nearest.X:F4}, {s.Nearest.Y:F4}, ",
                    $"{s.Nearest.Z:F4})");
            return ExitCodes.Failure;
        }
        var solved = s.Solved.Count();
        Say.Result($"{chain.Count}-joint arm {chain.BaseLink} → {chain.TipLink}, target {where}: {solved} answer(s)",
            $"{(solved > 1 ? Say.Invariant($", spread {s.Spread:F3} rad") : "")}");
        for (var i = 0; i < s.Answers.Count; i++)
        {
            var a = s.Answers[i];
            var (position, orientation) = Errors(solver, target, task, a);
            // Round-trip digits: six decimals fed back would miss the 1e-6 tolerance.
            var angles = string.Join(", ", Theta(a).Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
            var turn = !task.HasOrientation ? "" : Say.Invariant($", orientation error {orientation:E1} rad");
            Say.Result($"#{i + 1} {IkAnswer.Name(a.Status),-10} q = [{angles}]  position error {position:E1} m",
                $"{turn} after {a.Iterations} iterations");
        }
        return solved > 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    public static int Batch(IkSolver solver, string inputPath, string outputPath, int answers, double budgetMs,
        bool json)
    {
        // A header of x,y,z asks for positions alone.
        var (kind, columns) = CsvTable.Read<double>(inputPath, [Header[..3], Header]);
        var task = kind == 0 ? TaskBounds.Position : TaskBounds.Pose;
        var header = Header[..(kind == 0 ? 3 : 7)];
        var targets = new Frame[columns[0].Length];
        for (var i = 0; i < targets.Length; i++)
        {
            try
            {
                targets[i] = Target([.. Enumerable.Range(0, 7).Select(c => c < header.Length ? columns[c][i]
                    : (double?)null)]).Target;
            }
            catch (ArgumentException e)
            {
                throw new CliException($"{inputPath}:{DataLine(inputPath, i)}: {e.Message}");
            }
        }
        var chain = solver.Spatial;
        var (solved, found) = (0, 0);
        AtomicFile.Write(outputPath, stream =>
        {
            using var w = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
            var names = string.Join(',', chain.Joints.Select(j => CsvTable.Quote(j.Name)));
            w.WriteLine($"{string.Join(',', header)},status,answer,{names},position_error,orientation_error");
            for (var i = 0; i < targets.Length; i++)
            {
                // The user's numbers echoed in shortest round-trip form.
                var at = string.Join(',', columns.Select(c => c[i].ToString("R", CultureInfo.InvariantCulture)));
                var s = Solve(solver, targets[i], task, answers, budgetMs);
                (solved, found) = (solved + (s.Solved.Any() ? 1 : 0), found + s.Solved.Count());
                if (s.Answers.Count == 0)
                    w.WriteLine($"{at},{IkAnswer.Name(s.Status)},,{new string(',', chain.Count - 1)},,");
                for (var k = 0; k < s.Answers.Count; k++)
                {
                    var (position, orientation) = Errors(solver, targets[i], task, s.Answers[k]);
                    var angles = string.Join(',', Theta(s.Answers[k]).Select(t => t.ToString("R",
                        CultureInfo.InvariantCulture)));
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{at},{IkAnswer.Name(s.Answers[k].Status)},{k + 1},{angles},{position:R},{orientation:R}"));
                }
            }
        });
        if (json)
            Say.Json(new { targets = targets.Length, solved, answers = found, output = outputPath });
        else
            Say.Info($"{targets.Length:N0} targets, {solved:N0} solved, {found:N0} answers → {outputPath}");
        return ExitCodes.Ok;
    }

    /// <summary>The `--json` document of one solved target (also what `serve` answers).</summary>
    internal static object Json(IkSolver solver, Frame target, TaskBounds task, Solution s) => new
    {
        target = new { position = Position(target), quaternion = task.HasOrientation ? Quaternion(target) : null },
        status = IkAnswer.Name(s.Status),
        spread = s.Solved.Count() > 1 ? s.Spread : (double?)null,
        nearest = Position(s.Nearest),
        answers = s.Answers.Select(a => Answer(solver, target, task, a)),
    };

    /// <summary>Solves one target of a spatial arm, with or without its orientation.</summary>
    internal static Solution Solve(IkSolver solver, Frame target, TaskBounds task, int answers,
        double budgetMs, CancellationToken cancel = default) =>
        solver.Solve(target, new SolveOptions { Answers = answers, BudgetMs = budgetMs, Task = task }, cancel);

    /// <summary>Every answer drawn in three views, one colour each (the best pose, faint, if none succeeded).</summary>
    public static void Render(IkSolver solver, Frame target, TaskBounds task, int answers, double budgetMs,
        string path)
    {
        var s = Solve(solver, target, task, answers, budgetMs);
        var poses = s.Answers.Select((a, i) => new DrawnPose(Theta(a), !a.Succeeded,
            PoseRenderer.Answers[i % PoseRenderer.Answers.Length])).ToList();
        var solved = s.Solved.Count();
        var chain = solver.Spatial;
        var found = s.Status == SolveStatus.Ok
            ? Say.Invariant($"{solved} answer(s)",
                $"{(solved > 1 ? Say.Invariant($", spread {s.Spread:F2} rad") : "")}")
            : IkAnswer.Name(s.Status);
        SpatialRenderer.Write(path, chain, poses, target, task.HasOrientation, Say.Invariant(
            $"{chain.Count}-joint arm, target ({target.P.X:F3}, {target.P.Y:F3}, {target.P.Z:F3}): ") + found);
    }

    static object Answer(IkSolver solver, Frame target, TaskBounds task, IkAnswer a)
    {
        var (position, orientation) = Errors(solver, target, task, a);
        return new
        {
            status = IkAnswer.Name(a.Status),
            joints = solver.Spatial.Joints.Select((j, i) => new { name = j.Name, value = a.Theta[i] }),
            position_error = position,
            orientation_error = orientation,
            iterations = a.Iterations,
        };
    }

    static double[] Theta(IkAnswer a) => a.Theta.ToArray();

    static double[] Position(Frame f) => [f.P.X, f.P.Y, f.P.Z];

    static double[] Position(Vec3 p) => [p.X, p.Y, p.Z];

    static double[] Quaternion(Frame f)
    {
        var (x, y, z, w) = f.Quaternion();
        return [x, y, z, w];
    }

    // The file line of data row i (blank lines are skipped by the reader, so count them here).
    static int DataLine(string path, int row)
    {
        var line = 1;
        foreach (var text in File.ReadLines(path).Skip(1))
        {
            line++;
            if (text.Trim().Length > 0 && row-- == 0)
                return line;
        }
        return line;
    }
}
