namespace NeuralIk.Engine.Solving;

/// <summary>
/// Targets to evaluate on (poses in the plane for a planar arm, frames for one in space), by name, and whether each
/// is known reachable within the limits (made from a pose within them), so a miss there is a failure whatever the
/// workspace oracle says. A planar set keeps its targets as the plane has them: a frame's turn read back by atan2
/// differs from the one drawn in the last bit for some targets.
/// </summary>
public sealed record TargetSet<T>(string Name, T[] Targets, bool AllReachable)
{
    /// <summary>The joint vectors the targets were made from, where known.</summary>
    public double[][]? Poses { get; init; }
}

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
public sealed record RawError(ErrorStats Position, ErrorStats? Orientation, double? BranchAccuracy)
{
    /// <summary>
    /// The guess's errors from a reference posture near the pose the target came from (an arm in space, whose
    /// network takes a reference posture), when those poses are known.
    /// </summary>
    public ErrorStats? NearPosition { get; init; }
    public ErrorStats? NearOrientation { get; init; }
    /// <summary>The direct guess's errors (a target alone: the first candidate), where the model has one.</summary>
    public ErrorStats? DirectPosition { get; init; }
    public ErrorStats? DirectOrientation { get; init; }
}

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
/// What an evaluation measured on one set of targets, for every arm (<see cref="Evaluation"/>). "Must solve"
/// targets are those an oracle says are reachable within the limits: every planar joint-space target (made from a
/// pose within them), for a chain without limits every target its workspace contains, and where a closed form
/// exists every target with a closed-form branch within the limits; an arm in space searched under a time budget
/// has no such oracle (0).
/// <see cref="ClosedForm"/> is set for a non-redundant planar chain, <see cref="Distinct"/> for a redundant one.
/// Timing is kept apart from verification: <see cref="MicrosecondsPerTarget"/> is the mean, per target where each
/// is timed on its own (<see cref="Microseconds"/>), or over a batch.
/// </summary>
public sealed record EvaluationReport(string Distribution, int Targets, int Reachable, int Asked, RawError Raw,
    int MustSolve, int SolvedMustSolve, int Solved, ClosedFormCheck? ClosedForm, DistinctCheck? Distinct,
    ErrorStats Residual, AnswerChecks Checks, double MicrosecondsPerTarget)
{
    /// <summary>The search's time budget per target (an arm in space), null for a planar arm's fixed count.</summary>
    public double? BudgetMs { get; init; }
    /// <summary>Where a search from references starts: "network" (its guess) or "none" (the references themselves);
    /// null for a planar arm.</summary>
    public string? Guess { get; init; }
    /// <summary>Learned steps after each guess (an arm in space whose model has them), else null.</summary>
    public int? Steps { get; init; }
    /// <summary>Targets with all the answers asked, verified (an arm in space).</summary>
    public int? AllAnswers { get; init; }
    /// <summary>The median spread of targets with two answers or more (an arm in space; radians).</summary>
    public double? MedianSpread { get; init; }
    /// <summary>Each target's time, where each is timed on its own.</summary>
    public ErrorStats? Microseconds { get; init; }

    /// <summary>
    /// A false success, an answer outside the limits, or an answer the oracles say was there and was not found.
    /// </summary>
    public bool Failed => Checks.FalseSuccesses > 0 || Checks.OutsideLimits > 0 || SolvedMustSolve != MustSolve
        || (ClosedForm is { } c && c.Matched != c.Unblocked) || (Distinct is { } d && d.Delivered != d.Available);
}
