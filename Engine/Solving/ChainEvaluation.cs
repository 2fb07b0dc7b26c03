using System.Diagnostics;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// What <see cref="ChainEvaluation.Run"/> measured on one set of targets. "Must solve" targets are those
/// known to be reachable within the limits: every joint-space target (made from a pose within them),
/// for a chain without limits every target its workspace contains, and where a closed form exists
/// every target with a closed-form branch within the limits.
/// Closed-form rows (a 2-link position or a 3-link pose): <see cref="Unblocked"/> branch poses of the
/// oracle within the limits, how many of them came back Ok and equal to the oracle's pose, and the
/// targets with both branches Ok; <see cref="MaxOracleDistance"/> is the largest joint difference of
/// a matched answer from its closed-form pose (radians). Redundant rows: targets where the self-motion oracle finds
/// <see cref="Asked"/> poses a separation apart, and how many of those got as many from the solver.
/// What does not apply is null: the orientation error of a position model, answer counts and spread of a non-redundant
/// one.
/// </summary>
public sealed record ChainReport(
    string Distribution, bool Redundant, int Targets, int Reachable, int Asked,
    ErrorStats RawPosition, ErrorStats? RawOrientation,
    int MustSolve, int SolvedMustSolve, int Solved,
    int Unblocked, int MatchedOracle, double MaxOracleDistance, int BothBranches,
    int DistinctAvailable, int DistinctDelivered, double? MedianAnswers, double? MedianSpread,
    ErrorStats Residual, int Fallbacks, int OutsideLimits, int FalseSuccesses, double MicrosecondsPerTarget);

/// <summary>
/// A chain solver checked against independent oracles: the closed forms (<see cref="AnalyticIk"/>,
/// <see cref="ThreeLinkIk"/>) where they exist, the workspace for reachability, the
/// <see cref="SelfMotion"/> oracle for how many distinct answers exist; every answer called a success is
/// re-verified (forward kinematics recomputed, limits, branch, separation from the others). The raw
/// error is that of the network guesses the successful answers were refined from.
/// </summary>
public static class ChainEvaluation
{
    /// <summary>Joint angles uniform within the limits, targets by forward kinematics (all reachable).</summary>
    public static Pose2[] JointSpace(PlanarChain chain, int count, ulong seed)
    {
        var rng = new Rng(seed);
        var theta = new double[chain.Joints];
        var targets = new Pose2[count];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < theta.Length; j++)
                theta[j] = rng.Uniform(chain.Limits[j].Lo, chain.Limits[j].Hi);
            targets[i] = chain.Forward(theta);
        }
        return targets;
    }

    /// <summary>
    /// Positions uniform over a disc of <paramref name="radiusFactor"/> × reach, orientations uniform.
    /// </summary>
    public static Pose2[] Uniform(PlanarChain chain, int count, ulong seed, double radiusFactor = 1.0)
    {
        var rng = new Rng(seed);
        var targets = new Pose2[count];
        for (var i = 0; i < count; i++)
        {
            var r = radiusFactor * chain.Reach * Math.Sqrt(rng.NextDouble());
            var direction = rng.Uniform(-Math.PI, Math.PI);
            targets[i] = new Pose2(r * Math.Cos(direction), r * Math.Sin(direction), rng.Uniform(-Math.PI, Math.PI));
        }
        return targets;
    }

    public static ChainReport Run(ChainSolver solver, string distribution, Pose2[] targets, bool allReachable,
        int answers = ChainSolver.DefaultAnswers)
    {
        var (chain, kind) = (solver.Chain, solver.TargetKind);
        var orientation = kind.HasOrientation;
        var clock = Stopwatch.StartNew();
        var solutions = solver.Solve(targets, answers);
        var microseconds = clock.Elapsed.TotalMicroseconds / Math.Max(1, targets.Length);

        var rawPosition = new List<double>();
        var rawOrientation = new List<double>();
        var residuals = new List<double>();
        var counts = new List<double>();
        var spreads = new List<double>();
        var oracleDistance = 0.0;
        int reachable = 0, mustSolve = 0, solvedMust = 0, solved = 0, unblocked = 0, matched = 0, both = 0;
        int available = 0, delivered = 0, fallbacks = 0, outside = 0, falseSuccess = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            var target = kind.Read(targets[i]);
            var solution = solutions[i];
            var isReachable = Workspace.Of(chain, target, kind).Reachable;
            reachable += isReachable ? 1 : 0;
            var closedForm = solver.Layout.Free == 0 && isReachable
                ? AgainstClosedForm(chain, target, kind, solution) : default;
            var must = allReachable || (isReachable && (chain.IsFull || closedForm.Unblocked > 0));
            mustSolve += must ? 1 : 0;
            var ok = solution.Solved.ToArray();
            solved += ok.Length > 0 ? 1 : 0;
            solvedMust += must && ok.Length > 0 ? 1 : 0;
            fallbacks += solution.Answers.Count(a => a.Fallback);
            foreach (var a in ok)
            {
                var guess = chain.Forward(a.Guess);
                rawPosition.Add(Distance(guess, target));
                if (orientation)
                    rawOrientation.Add(Angles.Distance(guess.Phi, target.Phi));
                residuals.Add(a.Residual);
                outside += chain.WithinLimits(a.Theta) ? 0 : 1;
                var reached = chain.Forward(a.Theta);
                var miss = Math.Sqrt(Math.Pow(Distance(reached, target), 2)
                    + (orientation ? Math.Pow(chain.Reach * Angles.Distance(reached.Phi, target.Phi), 2) : 0));
                var crowded = solver.Layout.Free > 0
                    && ok.Any(b => !ReferenceEquals(a, b)
                        && ChainAnswer.Distance(a.Theta, b.Theta) < solver.Separation);
                falseSuccess += miss <= solver.Tolerance && isReachable && !crowded
                    && IkSolver.OnBranch(a.Theta[1], a.Branch) ? 0 : 1;
            }
            if (!isReachable)
                continue;
            if (solver.Layout.Free == 0)
            {
                (unblocked, matched, oracleDistance) = (unblocked + closedForm.Unblocked, matched + closedForm.Matched,
                    Math.Max(oracleDistance, closedForm.Distance));
                both += solution.Answers.Count(a => a.Succeeded) == 2 ? 1 : 0;
                continue;
            }
            counts.Add(ok.Length);
            if (ok.Length > 1)
                spreads.Add(solution.Spread);
            if (SelfMotion.DistinctPoses(chain, target, kind, answers, solver.Separation).Count >= answers)
            {
                available++;
                delivered += ok.Length >= answers ? 1 : 0;
            }
        }
        return new ChainReport(distribution, solver.Layout.Free > 0, targets.Length, reachable, answers,
            ErrorStats.Of(rawPosition), orientation ? ErrorStats.Of(rawOrientation)
                : null, mustSolve, solvedMust, solved,
            unblocked, matched, oracleDistance, both, available, delivered, Median(counts), Median(spreads),
            ErrorStats.Of(residuals), fallbacks, outside, falseSuccess, microseconds);
    }

    // Each branch of the closed form that lies within the limits must come back Ok (answers come as [up, down]) and be
    // that branch's pose: nearer to it than to the other branch's. Near a straight elbow (θ2 → 0) the angles are
    // ill-conditioned, so a residual within tolerance can leave micro-radians between the answer and the oracle.
    static (int Unblocked, int Matched, double Distance) AgainstClosedForm(PlanarChain chain, Pose2 target,
        TargetKind kind, ChainSolution solution)
    {
        double[][] oracle;
        if (kind.HasOrientation)
        {
            var s = ThreeLinkIk.Solve(chain, target);
            oracle = [s.Up, s.Down];
        }
        else
        {
            var s = AnalyticIk.Solve(chain.Base, target.X, target.Y);
            oracle = [[s.Up.Theta1, s.Up.Theta2], [s.Down.Theta1, s.Down.Theta2]];
        }
        var (unblocked, matched, distance) = (0, 0, 0.0);
        for (var b = 0; b < oracle.Length; b++)
        {
            var represented = oracle[b].Select((t, j) => chain.Limits[j].Represent(t)).ToArray();
            if (!represented.Select((t, j) => chain.Limits[j].Contains(t, 1e-12)).All(inside => inside))
                continue;
            unblocked++;
            var answer = solution.Answers[b];
            var own = ChainAnswer.Distance(answer.Theta, oracle[b]);
            if (answer.Succeeded && own <= ChainAnswer.Distance(answer.Theta, oracle[1 - b]))
            {
                matched++;
                distance = Math.Max(distance, own);
            }
        }
        return (unblocked, matched, distance);
    }

    static double Distance(Pose2 a, Pose2 b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    static double? Median(List<double> values)
    {
        if (values.Count == 0)
            return null;
        values.Sort();
        return values[values.Count / 2];
    }
}
