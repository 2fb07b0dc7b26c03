using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>A spatial evaluation as the few lines a person reads: millimetres, degrees, µs.</summary>
public static class SpatialEvalPrinter
{
    public static void Print(SpatialReport r)
    {
        Say.Result($"[joint-space] {r.Targets:N0} targets (FK of poses within the limits), {r.Answers} answer(s) ",
            $"asked, budget {r.BudgetMs:G} ms per target");
        var raw = r.RawPosition;
        var orientation = r.RawOrientation is { } o
            ? Say.Invariant($"; orientation median {Degrees(o.Median):F2}°  p95 {Degrees(o.P95):F2}°") : "";
        Say.Result($"  raw network error: position median {1000 * raw.Median:F1} mm  p95 {1000 * raw.P95:F1} mm",
            $"{orientation} (from the middle of the limits)");
        if (r.NearPosition is { } near)
            Say.Result($"  raw error near a known posture: position median {1000 * near.Median:F1} mm  p95 ",
                $"{1000 * near.P95:F1} mm{(r.NearOrientation is { } n ? Say.Invariant(
                    $"; orientation median {Degrees(n.Median):F2}°  p95 {Degrees(n.P95):F2}°") : "")}");
        Say.Result($"  refined: {r.Solved:N0}/{r.Targets:N0} solved ({r.SolveRate:P2}) within 1e-6 m and 1e-6 rad; ",
            $"{r.AllAnswers:N0} with all {r.Answers} answers",
                $"{(r.MedianSpread is { } spread ? Say.Invariant($", median spread {spread:F2} rad") : "")}");
        Say.Result($"  time per target: median {r.Microseconds.Median:F1} µs  p99 {r.Microseconds.P99:F1} µs  max ",
            $"{r.Microseconds.Max:F0} µs");
        Say.Result($"  checks: {r.OutsideLimits} answers outside the limits, {r.FalseOk} ok answers failing ",
            $"re-verification");
    }

    static double Degrees(double radians) => radians * 180 / Math.PI;
}
