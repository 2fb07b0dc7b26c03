using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// Targets to evaluate on, by name, and whether each is known reachable within the limits (made from a pose
/// within them), so a miss there is a failure whatever the workspace oracle says.
/// </summary>
public sealed record TargetSet(string Name, Pose2[] Targets, bool AllReachable);

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

/// <summary>
/// The network's raw guesses, before refinement: their position error, their orientation error (poses
/// only) and, for a non-redundant chain, the share that lies on the branch asked for.
/// </summary>
public sealed record RawError(ErrorStats Position, ErrorStats? Orientation, double? BranchAccuracy);

/// <summary>
/// A non-redundant chain against its closed form (the analytic 2-link IK, the 3-link pose IK): the branch
/// poses of the oracle within the limits, how many came back Ok as that branch, the largest joint difference
/// (radians) of such an answer from the oracle's pose, and the targets with both branches solved out of
/// the reachable ones.
/// </summary>
public sealed record ClosedFormCheck(int Unblocked, int Matched, double MaxDistance, int BothBranches,
    int ReachableTargets);

/// <summary>
/// A redundant chain against the self-motion oracle: targets where it finds as many poses a separation apart
/// as were asked, how many of them got as many from the solver, the median count and spread of answers.
/// </summary>
public sealed record DistinctCheck(int Available, int Delivered, double? MedianAnswers, double? MedianSpread);

/// <summary>
/// Every answer called a success re-verified: FK recomputed against the target, limits, branch and separation
/// (false successes), answers outside the limits, and the answers that needed the closed-form restart.
/// </summary>
public sealed record AnswerChecks(int FalseSuccesses, int OutsideLimits, int Fallbacks);

/// <summary>
/// What <see cref="Evaluation.Run"/> measured on one set of targets. "Must solve" targets are those known to
/// be reachable within the limits: every joint-space target (made from a pose within them), for a chain
/// without limits every target its workspace contains, and where a closed form exists every target with a
/// closed-form branch within the limits. Exactly one of <see cref="ClosedForm"/> and <see cref="Distinct"/>
/// is set: the first for a non-redundant chain, the second for a redundant one.
/// </summary>
public sealed record EvaluationReport(string Distribution, int Targets, int Reachable, int Asked, RawError Raw,
    int MustSolve, int SolvedMustSolve, int Solved, ClosedFormCheck? ClosedForm, DistinctCheck? Distinct,
    ErrorStats Residual, AnswerChecks Checks, double MicrosecondsPerTarget)
{
    /// <summary>
    /// A false success, an answer outside the limits, or an answer the oracles say was there and was not found.
    /// </summary>
    public bool Failed => Checks.FalseSuccesses > 0 || Checks.OutsideLimits > 0 || SolvedMustSolve != MustSolve
        || (ClosedForm is { } c && c.Matched != c.Unblocked) || (Distinct is { } d && d.Delivered != d.Available);
}
