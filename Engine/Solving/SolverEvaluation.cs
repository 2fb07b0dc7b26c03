using System.Diagnostics;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

/// <summary>Order statistics of a set of errors.</summary>
public sealed record ErrorStats(double Median, double P95, double P99, double Max)
{
    public static ErrorStats Of(List<double> values)
    {
        if (values.Count == 0)
            return new ErrorStats(double.NaN, double.NaN, double.NaN, double.NaN);
        values.Sort();
        double At(double q) => values[Math.Min(values.Count - 1, (int)(q * values.Count))];
        return new ErrorStats(At(0.5), At(0.95), At(0.99), values[^1]);
    }
}

/// <summary>What <see cref="SolverEvaluation.Run"/> measured on one set of targets.</summary>
public sealed record EvaluationReport(
    string Distribution, int Targets, int Reachable, ErrorStats RawPosition, double BranchAccuracy,
    int Answers, int Solved, int SolvedReachableUnblocked, int ReachableUnblocked, int BothBranches,
    int NonSingularReachable, int Fallbacks, int OutsideLimits, int FalseSuccesses, ErrorStats Residual,
    double MicrosecondsPerTarget);

/// <summary>
/// The solver checked against the analytic oracle: the raw network's position error per branch,
/// whether its guesses lie on the branch asked for, then every refined answer re-verified
/// independently (FK recomputed, limits, branch), and the time per solve.
/// </summary>
public static class SolverEvaluation
{
    /// <summary>
    /// Targets uniform over a disc of radius <paramref name="radiusFactor"/> × reach (above 1, some are unreachable).
    /// </summary>
    public static Point2[] Uniform(Arm arm, int count, ulong seed, double radiusFactor = 1.0)
    {
        var rng = new Rng(seed);
        var targets = new Point2[count];
        for (var i = 0; i < count; i++)
        {
            var r = radiusFactor * arm.Reach * Math.Sqrt(rng.NextDouble());
            var phi = rng.Uniform(-Math.PI, Math.PI);
            targets[i] = new Point2(r * Math.Cos(phi), r * Math.Sin(phi));
        }
        return targets;
    }

    /// <summary>The seed's distribution: joint angles uniform within the limits, targets by FK.</summary>
    public static Point2[] JointSpace(Arm arm, JointLimits limits, int count, ulong seed)
    {
        var rng = new Rng(seed);
        var targets = new Point2[count];
        for (var i = 0; i < count; i++)
            targets[i] = arm.Forward(rng.Uniform(limits.Joint1.Lo, limits.Joint1.Hi),
                rng.Uniform(limits.Joint2.Lo, limits.Joint2.Hi));
        return targets;
    }

    public static EvaluationReport Run(IkSolver solver, string distribution, Point2[] targets)
    {
        var (arm, limits) = (solver.Arm, solver.Limits);
        var raw = new List<double>();
        var onBranch = 0;
        var reachable = 0;
        var oracle = Array.ConvertAll(targets, t => AnalyticIk.Solve(arm, t.X, t.Y));
        for (var i = 0; i < targets.Length; i++)
        {
            var t = targets[i];
            if (oracle[i].Status != IkStatus.Ok)
                continue;
            reachable++;
            foreach (var elbow in new[] { Elbow.Up, Elbow.Down })
            {
                var guess = solver.Guess(t.X, t.Y, elbow);
                raw.Add(arm.Forward(guess.Theta1, guess.Theta2).DistanceTo(t));
                onBranch += IkSolver.OnBranch(guess.Theta2, elbow) ? 1 : 0;
            }
        }

        var up = new IkAnswer[targets.Length];
        var down = new IkAnswer[targets.Length];
        var clock = Stopwatch.StartNew();
        solver.Solve(targets, Elbow.Up, up);
        solver.Solve(targets, Elbow.Down, down);
        var microseconds = clock.Elapsed.TotalMicroseconds / (2.0 * targets.Length);

        int solved = 0, solvedUnblocked = 0, unblocked = 0, both = 0, nonSingular = 0;
        int fallbacks = 0, outside = 0, falseSuccess = 0;
        var residuals = new List<double>();
        for (var i = 0; i < targets.Length; i++)
        {
            var analytic = oracle[i];
            var okBoth = true;
            foreach (var (answer, elbow) in new[] { (up[i], Elbow.Up), (down[i], Elbow.Down) })
            {
                var expectUnblocked = analytic.Status == IkStatus.Ok && InLimits(limits, analytic.Branch(elbow));
                unblocked += expectUnblocked ? 1 : 0;
                fallbacks += answer.Fallback ? 1 : 0;
                okBoth &= answer.Status == SolveStatus.Ok;
                if (!answer.Succeeded)
                    continue;
                solved++;
                solvedUnblocked += expectUnblocked ? 1 : 0;
                residuals.Add(answer.Residual);
                var verified = arm.Forward(answer.Theta1, answer.Theta2).DistanceTo(targets[i]) <= solver.Tolerance
                    && analytic.Reachable && IkSolver.OnBranch(answer.Theta2, elbow);
                falseSuccess += verified ? 0 : 1;
                outside += limits.Contains(answer.Theta1, answer.Theta2) ? 0 : 1;
            }
            if (analytic.Status == IkStatus.Ok)
            {
                nonSingular++;
                both += okBoth ? 1 : 0;
            }
        }
        return new EvaluationReport(distribution, targets.Length, reachable, ErrorStats.Of(raw),
            raw.Count == 0 ? double.NaN : (double)onBranch / raw.Count,
            2 * targets.Length, solved, solvedUnblocked, unblocked, both, nonSingular, fallbacks, outside, falseSuccess,
            ErrorStats.Of(residuals), microseconds);
    }

    static bool InLimits(JointLimits limits, JointAngles q) =>
        limits.Contains(limits.Joint1.Represent(q.Theta1), limits.Joint2.Represent(q.Theta2), 1e-12);
}
