using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// An evaluation report as the few lines a person reads: a planar arm's in its own units against its oracles, an arm
/// in space's in millimetres, degrees and µs per target.
/// </summary>
public static class EvalPrinter
{
    public static void Print(EvaluationReport r, IChain chain)
    {
        var reach = chain.Reach;
        if (chain is not PlanarChain)
        {
            InSpace(r, chain is LearnedChain);
            return;
        }
        Say.Result($"[{r.Distribution}] {r.Targets:N0} targets, {r.Reachable:N0} in the workspace (reach ",
            $"{reach:G3}){(r.Distinct is null ? "" : Say.Invariant($", {r.Asked} answers asked"))}");
        var raw = r.Raw;
        var orientation = raw.Orientation is { } o
            ? Say.Invariant($"; orientation median {o.Median:E2} rad, p99 {o.P99:E2}") : "";
        Say.Result($"  raw network error: position median {raw.Position.Median:E2}  p95 {raw.Position.P95:E2}  p99 ",
            $"{raw.Position.P99:E2}  max {raw.Position.Max:E2}{orientation}");
        if (raw.BranchAccuracy is { } accuracy)
            Say.Result($"  raw branch accuracy: {accuracy:P2} of guesses on the branch asked for");
        Say.Result($"  refined: {r.SolvedMustSolve:N0}/{r.MustSolve:N0} targets known reachable within the limits ",
            $"solved ({r.Solved:N0} solved in all)");
        if (r.ClosedForm is { } c)
            Say.Result($"  closed form: {c.Matched:N0}/{c.Unblocked:N0} branch poses within the limits returned as ",
                $"that branch (largest joint difference {c.MaxDistance:E1} rad); both branches for ",
                    $"{c.BothBranches:N0}/{c.ReachableTargets:N0} targets");
        if (r.Distinct is { } d)
            Say.Result($"  distinct: {r.Asked} answers for {d.Delivered:N0}/{d.Available:N0} targets whose ",
                $"self-motion holds {r.Asked} poses ≥ the separation apart; median ",
                    $"{d.MedianAnswers?.ToString(CultureInfo.InvariantCulture) ?? "-"} answers, spread ",
                        $"{d.MedianSpread?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"} rad");
        Say.Result($"  residual: median {r.Residual.Median:E2}  max {r.Residual.Max:E2} (tolerance ",
            $"{1e-9 * reach:E1}); closed-form restarts {r.Checks.Fallbacks:N0}");
        var perBranch = r.ClosedForm is null ? "" : Say.Invariant($" ({r.MicrosecondsPerTarget / 2:F2} per branch)");
        var spread = r.Microseconds is { } t ? Say.Invariant($" (median {t.Median:F2}, p99 {t.P99:F2})") : "";
        Say.Result($"  checks: {r.Checks.OutsideLimits} answers outside the limits, {r.Checks.FalseSuccesses} ",
            $"false successes; {r.MicrosecondsPerTarget:F2} µs per target{perBranch}{spread}");
    }

    // An arm in space, or one learned from its recordings: its targets are its learned map's, and so is an ok.
    static void InSpace(EvaluationReport r, bool learned)
    {
        var budget = (r.BudgetMs is { } ms ? Say.Invariant($", budget {ms:G} ms per target") : "") +
            (r.Guess == "none" ? ", no network (each reference refined itself)" : "");
        var poses = learned ? "the learned map at actuators within the recorded ranges" : "poses within the limits";
        Say.Result($"[{r.Distribution}] {r.Targets:N0} targets (FK of {poses}), {r.Asked} answer(s) asked{budget}");
        var raw = r.Raw;
        var orientation = raw.Orientation is { } o
            ? Say.Invariant($"; orientation median {Degrees(o.Median):F2}°  p95 {Degrees(o.P95):F2}°") : "";
        var steps = r.Steps is { } n ? Say.Invariant($"guess and {n} learned steps") : "guess";
        Say.Result($"  raw network error: position median {1000 * raw.Position.Median:F1} mm  p95 ",
            $"{1000 * raw.Position.P95:F1} mm{orientation} ({steps} from the middle of the limits)");
        if (raw.NearPosition is { } near)
            Say.Result($"  raw error near a known posture: position median {1000 * near.Median:F1} mm  p95 ",
                $"{1000 * near.P95:F1} mm{(raw.NearOrientation is { } o2 ? Say.Invariant(
                    $"; orientation median {Degrees(o2.Median):F2}°  p95 {Degrees(o2.P95):F2}°") : "")}");
        if (raw.DirectPosition is { } direct)
            Say.Result($"  raw direct guess error (the first candidate): position median {1000 * direct.Median:F1} ",
                $"mm  p95 {1000 * direct.P95:F1} mm{(raw.DirectOrientation is { } o3 ? Say.Invariant(
                    $"; orientation median {Degrees(o3.Median):F2}°  p95 {Degrees(o3.P95):F2}°") : "")}");
        Say.Result($"  refined: {r.Solved:N0}/{r.Targets:N0} solved ({(double)r.Solved / r.Targets:P2}) within 1e-6 m ",
            $"{(learned ? "on the learned map" : "and 1e-6 rad")}; {r.AllAnswers:N0} with all {r.Asked} answers",
                $"{(r.MedianSpread is { } spread ? Say.Invariant($", median spread {spread:F2} rad") : "")}");
        if (r.Microseconds is { } t)
            Say.Result($"  time per target: median {t.Median:F1} µs  p99 {t.P99:F1} µs  mean ",
                $"{r.MicrosecondsPerTarget:F1} µs  max {t.Max:F0} µs");
        Say.Result($"  checks: {r.Checks.OutsideLimits} answers outside the limits, {r.Checks.FalseSuccesses} ok ",
            $"answers failing re-verification");
    }

    static double Degrees(double radians) => radians * 180 / Math.PI;
}
