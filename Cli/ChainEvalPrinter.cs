using System.Globalization;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>A chain evaluation report as the few lines a person reads.</summary>
public static class ChainEvalPrinter
{
    public static void Print(ChainReport r, double reach)
    {
        Say.Result($"[{r.Distribution}] {r.Targets:N0} targets, {r.Reachable:N0} in the workspace (reach ",
            $"{reach:G3}), {r.Asked} answers asked");
        var orientation = r.RawOrientation is { } o
            ? Say.Invariant($"; orientation median {o.Median:E2} rad, p99 {o.P99:E2}") : "";
        Say.Result($"  raw network error: position median {r.RawPosition.Median:E2}  p95 {r.RawPosition.P95:E2}  p99 ",
            $"{r.RawPosition.P99:E2}  max {r.RawPosition.Max:E2}{orientation}");
        Say.Result($"  refined: {r.SolvedMustSolve:N0}/{r.MustSolve:N0} targets known reachable within the limits ",
            $"solved ({r.Solved:N0} solved in all)");
        if (!r.Redundant)
            Say.Result($"  closed form: {r.MatchedOracle:N0}/{r.Unblocked:N0} branch poses within the limits ",
                $"returned as that branch (largest joint difference {r.MaxOracleDistance:E1} rad); both branches for ",
                    $"{r.BothBranches:N0} targets");
        else
            Say.Result($"  distinct: {r.Asked} answers for {r.DistinctDelivered:N0}/{r.DistinctAvailable:N0} targets ",
                $"whose self-motion holds {r.Asked} poses ≥ the separation apart; median ",
                    $"{r.MedianAnswers?.ToString(CultureInfo.InvariantCulture) ?? "-"} answers, spread ",
                        $"{r.MedianSpread?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"} rad");
        Say.Result($"  residual: median {r.Residual.Median:E2}  max {r.Residual.Max:E2} (tolerance ",
            $"{1e-9 * reach:E1}); closed-form restarts {r.Fallbacks:N0}");
        Say.Result($"  checks: {r.OutsideLimits} answers outside the limits, {r.FalseSuccesses} false successes; ",
            $"{r.MicrosecondsPerTarget:F1} µs per target");
    }

    /// <summary>
    /// Whether a report shows a failure: a false success, an answer outside the limits, or an answer the oracles say
    /// was there to find.
    /// </summary>
    public static bool Failed(ChainReport r) =>
        r.FalseSuccesses > 0 || r.OutsideLimits > 0 || r.SolvedMustSolve != r.MustSolve
            || r.MatchedOracle != r.Unblocked
        || r.DistinctDelivered != r.DistinctAvailable;
}
