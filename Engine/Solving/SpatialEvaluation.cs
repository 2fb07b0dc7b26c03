using System.Diagnostics;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// A spatial solver on targets made by FK from joint vectors uniform within the limits (all reachable, the
/// protocol of TRAC-IK's and IKFlow's figures). Each target is solved and timed on its own; every Ok answer is
/// re-verified here (FK recomputed against the target, limits, separation from the others). Raw error: FK of
/// the network's first guess (from the middle of the limits) against the target; given the poses the targets
/// came from, also that of the guess from a reference near the pose (each joint moved by up to
/// <see cref="SpatialLayout.ReferenceNoise"/>, as in training): the network's accuracy once a posture is known.
/// </summary>
public static class SpatialEvaluation
{
    static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(300);

    /// <summary>The targets and the poses they were made from.</summary>
    public static (Frame[] Targets, double[][] Poses) JointSpace(SpatialChain chain, int count, ulong seed)
    {
        var rng = new Rng(seed);
        var poses = new double[count][];
        var targets = new Frame[count];
        for (var i = 0; i < count; i++)
        {
            poses[i] = new double[chain.Count];
            PoseSampler.Draw(chain, rng, poses[i]);
            targets[i] = chain.Forward(poses[i]);
        }
        return (targets, poses);
    }

    public static EvaluationReport Run(IkSolver solver, Frame[] targets, int answers = 1, double budgetMs = 5,
        double[][]? poses = null)
    {
        var options = new SolveOptions { Answers = answers, Stop = StopRule.Within(budgetMs) };
        var warm = Stopwatch.StartNew();
        for (var i = 0; warm.Elapsed < WarmUp; i++)
            solver.Solve(targets[i % Math.Min(64, targets.Length)], options);
        var (solved, outside, falseOk, allAnswers, fallbacks) = (0, 0, 0, 0, 0);
        var residuals = new List<double>();
        var micros = new List<double>(targets.Length);
        var (rawPosition, rawOrientation, spreads) = (new List<double>(), new List<double>(), new List<double>());
        var (nearPosition, nearOrientation) = (new List<double>(), new List<double>());
        var rng = new Rng(1);
        var reference = new double[solver.Chain.Count];
        var guess = new double[solver.Chain.Count];
        var q = new double[solver.Chain.Count];
        for (var t = 0; t < targets.Length; t++)
        {
            var target = targets[t];
            var start = Stopwatch.GetTimestamp();
            var solution = solver.Solve(target, options);
            micros.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            var ok = solution.Solved.ToList();
            fallbacks += ok.Count(a => a.Fallback);
            residuals.AddRange(ok.Select(a => a.Residual));
            var verified = 0;
            for (var a = 0; a < ok.Count; a++)
            {
                ok[a].Theta.CopyTo(q);
                var tip = solver.Chain.Forward(q);
                var position = (tip.P - target.P).Length;
                var rotation = solver.Task.HasOrientation ? (target * tip.Transposed).RotationVector().Length : 0;
                var within = solver.Chain.WithinLimits(q);
                var apart = ok.Take(a).All(b => b.Theta.DistanceTo(q) >= solver.Separation);
                outside += within ? 0 : 1;
                if (position <= solver.PositionTolerance && rotation <= solver.OrientationTolerance && within && apart)
                    verified++;
                else
                    falseOk++;
            }
            solved += verified > 0 ? 1 : 0;
            allAnswers += verified >= answers ? 1 : 0;
            if (ok.Count > 1)
                spreads.Add(solution.Spread);
            solver.Guess(target, solver.Middle, guess);
            RawError(solver, target, guess, rawPosition, rawOrientation);
            if (poses is null)
                continue;
            for (var j = 0; j < reference.Length; j++)
                reference[j] = poses[t][j] + rng.Uniform(-SpatialLayout.ReferenceNoise, SpatialLayout.ReferenceNoise);
            solver.Guess(target, reference, guess);
            RawError(solver, target, guess, nearPosition, nearOrientation);
        }
        var hasOrientation = solver.Task.HasOrientation;
        var raw = new RawError(ErrorStats.Of(rawPosition), hasOrientation ? ErrorStats.Of(rawOrientation) : null, null)
        {
            NearPosition = poses is null ? null : ErrorStats.Of(nearPosition),
            NearOrientation = poses is null || !hasOrientation ? null : ErrorStats.Of(nearOrientation),
        };
        return new EvaluationReport("joint-space", targets.Length, targets.Length, answers, raw, 0, 0, solved, null,
            null, ErrorStats.Of(residuals), new AnswerChecks(falseOk, outside, fallbacks), micros.Average())
        {
            BudgetMs = budgetMs, AllAnswers = allAnswers, Microseconds = ErrorStats.Of(micros),
            MedianSpread = spreads.Count > 0 ? ErrorStats.Of(spreads).Median : null,
        };
    }

    static void RawError(IkSolver solver, Frame target, ReadOnlySpan<double> guess, List<double> position,
        List<double> orientation)
    {
        var raw = solver.Chain.Forward(guess);
        position.Add((raw.P - target.P).Length);
        if (solver.Task.HasOrientation)
            orientation.Add((target * raw.Transposed).RotationVector().Length);
    }
}
