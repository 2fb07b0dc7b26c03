using System.Globalization;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// A solution as every arm shows it: one JSON document (`solve --json` and POST /api/solve), one text block, one CSV
/// row per answer. Each answer's errors are recomputed here by FK against the user's target, in its own units
/// (position in the arm's units, orientation in radians; 0 where the target binds none).
/// </summary>
public static class Answers
{
    public static (double Position, double Orientation) Errors(IkSolver solver, Target target, IkAnswer a) =>
        target.Task.Errors(target.Frame, solver.Chain.Forward(a.Theta.ToArray()));

    /// <summary>
    /// The document: the target as given, the status, the spread (null with fewer than two answers), the nearest
    /// point, the joints' names, the answers.
    /// </summary>
    public static object Json(IkSolver solver, Target target, Solution s) => new
    {
        target = target.Given,
        status = IkAnswer.Name(s.Status),
        spread = s.Solved.Count() > 1 ? s.Spread : (double?)null,
        nearest = target.Coordinates(s.Nearest),
        joints = solver.Chain.Names,
        answers = s.Answers.Select(a => Answer(solver, target, a)),
    };

    static object Answer(IkSolver solver, Target target, IkAnswer a)
    {
        var (position, orientation) = Errors(solver, target, a);
        return new
        {
            branch = a.Branch is { } b ? SolverArgs.Name(b) : null,
            status = IkAnswer.Name(a.Status),
            theta = a.Theta.ToArray(),
            position_error = position,
            orientation_error = orientation,
            iterations = a.Iterations,
        };
    }

    /// <summary>Where the chain runs for an answer: base, each joint, tip (what a page draws).</summary>
    public static double[][] Runs(IChain chain, IkAnswer a)
    {
        var runs = new Vec3[chain.Count + 2];
        chain.Points(a.Theta.ToArray(), runs);
        return [.. runs.Select(p => new[] { p.X, p.Y, p.Z })];
    }

    public static void Print(IkSolver solver, Target target, Solution s)
    {
        if (s.Status is SolveStatus.OutOfReach or SolveStatus.InnerHole)
        {
            var nearest = string.Join(", ", target.Coordinates(s.Nearest).Select(v => v.ToString("F6",
                CultureInfo.InvariantCulture)));
            Say.Result($"{IkAnswer.Name(s.Status)}: {target} cannot be reached; nearest ",
                $"{Nearest(solver, target)} ({nearest})");
            return;
        }
        var solved = s.Solved.Count();
        Say.Result($"{Describe(solver)}, target {target}: {solved} answer(s)",
            $"{(solved > 1 ? Say.Invariant($", spread {s.Spread:F3}{Unit(solver)}") : "")}");
        for (var i = 0; i < s.Answers.Count; i++)
        {
            var a = s.Answers[i];
            var (position, orientation) = Errors(solver, target, a);
            // Round-trip digits: fewer, fed back, could miss the tolerance.
            var angles = Numbers(a.Theta.ToArray(), ", ");
            var turn = target.Task.HasOrientation ? Say.Invariant($", orientation error {orientation:E1} rad") : "";
            Say.Result($"#{i + 1} {SolverArgs.Name(a.Branch),-4} {IkAnswer.Name(a.Status),-16} θ = [{angles}]  ",
                $"position error {position:E1}{turn} after {a.Iterations} iterations");
            if (a.Status == SolveStatus.Singular)
                Say.Result($"      the target is the base of an equal-link arm: θ2 = ±π and every θ1 works");
        }
    }

    /// <summary>"2-link arm", "6-joint arm base → tool" or "5-actuator arm learned from its recordings".</summary>
    public static string Describe(IkSolver solver) => solver.Chain switch
    {
        SpatialChain arm => $"{arm.Count}-joint arm {arm.BaseLink} → {arm.TipLink}",
        LearnedChain learned => $"{learned.Count}-actuator arm learned from its recordings",
        _ => $"{solver.Chain.Count}-link arm",
    };

    // An actuator of an arm learned from its recordings is in the data's own unit.
    static string Unit(IkSolver solver) => solver.Chain is LearnedChain ? " (actuator units)" : " rad";

    // What an out-of-reach target is shown next to.
    static string Nearest(IkSolver solver, Target target) => solver.Chain is LearnedChain
        ? "place the recordings reached" : target.Task.IsSpatial ? "point on the reach bound" : "reachable point";

    /// <summary>
    /// The batch CSV's header: the target's columns, then status, answer, branch, each joint, the errors.
    /// </summary>
    public static string CsvHeader(IkSolver solver, IReadOnlyList<string> columns) =>
        $"{string.Join(',', columns)},status,answer,branch,{JointColumns(solver.Chain)}";

    /// <summary>The columns every answer CSV ends with: each joint by name, then the errors.</summary>
    public static string JointColumns(IChain chain) =>
        $"{string.Join(',', chain.Names.Select(CsvTable.Quote))},position_error,orientation_error";

    /// <summary>
    /// One row per answer (the user's numbers echoed in round-trip form); with none, one row of status.
    /// </summary>
    public static IEnumerable<string> CsvRows(IkSolver solver, Target target, Solution s)
    {
        var at = Numbers(target.Given);
        if (s.Answers.Count == 0)
            yield return $"{at},{IkAnswer.Name(s.Status)},,,{new string(',', solver.Chain.Count - 1)},,";
        for (var k = 0; k < s.Answers.Count; k++)
        {
            var a = s.Answers[k];
            var (position, orientation) = Errors(solver, target, a);
            yield return string.Create(CultureInfo.InvariantCulture, $"{at},{IkAnswer.Name(a.Status)},{k + 1},") +
                string.Create(CultureInfo.InvariantCulture,
                    $"{SolverArgs.Name(a.Branch)},{Numbers(a.Theta.ToArray())},{position:R},{orientation:R}");
        }
    }

    /// <summary>Numbers in round-trip form, invariant: what every CSV writes.</summary>
    public static string Numbers(IEnumerable<double> values, string separator = ",") =>
        string.Join(separator, values.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>A CSV written atomically, its header then its rows, each line ending in \n.</summary>
    public static void WriteCsv(string path, string header, IEnumerable<string> rows) =>
        AtomicFile.Write(path, stream =>
    {
        using var w = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
        w.WriteLine(header);
        foreach (var row in rows)
            w.WriteLine(row);
    });
}
