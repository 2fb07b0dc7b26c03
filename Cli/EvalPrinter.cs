using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>An evaluation report as the few lines a person reads.</summary>
public static class EvalPrinter
{
    public static void Print(EvaluationReport r, double reach)
    {
        Say.Result($"[{r.Distribution}] {r.Targets:N0} targets, {r.Reachable:N0} reachable (reach {reach:G3})");
        Say.Result($"  raw network position error: median {r.RawPosition.Median:E2}  p95 {r.RawPosition.P95:E2}  p99 ",
            $"{r.RawPosition.P99:E2}  max {r.RawPosition.Max:E2}");
        Say.Result($"  raw branch accuracy: {r.BranchAccuracy:P2} of guesses on the branch asked for");
        Say.Result($"  refined: {r.SolvedReachableUnblocked:N0}/{r.ReachableUnblocked:N0} reachable unblocked ",
            $"answers solved, both branches for {r.BothBranches:N0}/{r.NonSingularReachable:N0} non-singular targets");
        Say.Result($"  residual: median {r.Residual.Median:E2}  max {r.Residual.Max:E2} (tolerance ",
            $"{1e-9 * reach:E1}); analytic restarts {r.Fallbacks:N0}");
        Say.Result($"  checks: {r.OutsideLimits} answers outside the limits, {r.FalseSuccesses} false successes; ",
            $"{r.MicrosecondsPerTarget:F2} µs per solve");
    }
}
