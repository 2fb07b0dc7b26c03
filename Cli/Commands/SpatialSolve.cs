using System.Globalization;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// `neural-ik solve X Y Z QX QY QZ QW` for a spatial arm's model: up to --answers distinct poses within
/// --budget-ms, each with its position and orientation error recomputed from FK; or a batch
/// `--input targets.csv --output solutions.csv` (header x,y,z,qx,qy,qz,qw; one output row per answer, the
/// joints named as in the robot file). Exit 1 when nothing reaches the target.
/// </summary>
public static class SpatialSolve
{
    static readonly string[] Header = ["x", "y", "z", "qx", "qy", "qz", "qw"];

    /// <summary>The target a command line names: a position and a unit quaternion (x, y, z, w).</summary>
    public static Frame Target(IReadOnlyList<double?> numbers)
    {
        if (numbers.Any(n => n is null))
            throw new CliException("this spatial arm's model solves full poses: give X Y Z QX QY QZ QW (a position " +
                "in metres and a unit quaternion)");
        var v = numbers.Select((n, i) => ArgParsing.Finite(n!.Value, Header[i].ToUpperInvariant())).ToArray();
        return Frame.FromQuaternion(new Vec3(v[0], v[1], v[2]), v[3], v[4], v[5], v[6]);
    }

    public static int One(SpatialSolver solver, Frame target, int answers, double budgetMs, bool json)
    {
        var s = solver.Solve(target, answers, budgetMs);
        if (json)
        {
            Say.Json(new
            {
                target = new { position = Position(target), quaternion = Quaternion(target) },
                status = IkAnswer.Name(s.Status),
                spread = s.Spread,
                nearest = Position(s.Nearest),
                answers = s.Answers.Select(a => Answer(solver, target, a)),
            });
            return s.Solved.Any() ? ExitCodes.Ok : ExitCodes.Failure;
        }
        var chain = solver.Chain;
        var where = Say.Invariant($"({target.P.X:F4}, {target.P.Y:F4}, {target.P.Z:F4})");
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
            var (position, orientation) = new SpatialTarget(chain, target, solver.TargetKind).Errors(Theta(a));
            var angles = string.Join(", ", Theta(a).Select(t => t.ToString("F6", CultureInfo.InvariantCulture)));
            Say.Result($"#{i + 1} {IkAnswer.Name(a.Status),-10} q = [{angles}]  position error {position:E1} m, ",
                $"orientation error {orientation:E1} rad after {a.Iterations} iterations");
        }
        return solved > 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    public static int Batch(SpatialSolver solver, string inputPath, string outputPath, int answers, double budgetMs,
        bool json)
    {
        var columns = CsvTable.Read<double>(inputPath, Header);
        var targets = new Frame[columns[0].Length];
        for (var i = 0; i < targets.Length; i++)
        {
            try
            {
                targets[i] = Target([.. columns.Select(c => (double?)c[i])]);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"{inputPath}:{DataLine(inputPath, i)}: {e.Message}");
            }
        }
        var chain = solver.Chain;
        var (solved, found) = (0, 0);
        AtomicFile.Write(outputPath, stream =>
        {
            using var w = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
            var names = string.Join(',', chain.Joints.Select(j => j.Name));
            w.WriteLine($"{string.Join(',', Header)},status,answer,{names},position_error,orientation_error");
            for (var i = 0; i < targets.Length; i++)
            {
                // The user's numbers echoed in shortest round-trip form.
                var at = string.Join(',', columns.Select(c => c[i].ToString("R", CultureInfo.InvariantCulture)));
                var s = solver.Solve(targets[i], answers, budgetMs);
                (solved, found) = (solved + (s.Solved.Any() ? 1 : 0), found + s.Solved.Count());
                if (s.Answers.Count == 0)
                    w.WriteLine($"{at},{IkAnswer.Name(s.Status)},,{new string(',', chain.Count - 1)},,");
                for (var k = 0; k < s.Answers.Count; k++)
                {
                    var (position, orientation) = new SpatialTarget(chain, targets[i], solver.TargetKind)
                        .Errors(Theta(s.Answers[k]));
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

    static object Answer(SpatialSolver solver, Frame target, IkAnswer a)
    {
        var (position, orientation) = new SpatialTarget(solver.Chain, target, solver.TargetKind).Errors(Theta(a));
        return new
        {
            status = IkAnswer.Name(a.Status),
            joints = solver.Chain.Joints.Select((j, i) => new { name = j.Name, value = a.Theta[i] }),
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
