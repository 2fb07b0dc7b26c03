using System.Globalization;
using System.Text;
using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>A calibration's findings as the user reads them: lengths in mm, angles in degrees.</summary>
public static class CalibrationReport
{
    const double Mm = 1e3, Deg = 180 / Math.PI;

    /// <summary>A few lines through <paramref name="say"/> (stdout for calibrate, stderr while training).</summary>
    public static void Summary(CalibrationResult r, double seconds, string urdf, string report,
        Action<FormattableString[]> say)
    {
        say([$"calibrated on {r.Fitted} samples in {seconds:F1} s; held out {r.HeldOut}: median error ",
            $"{r.Before.Median * Mm:F3} mm before, {r.After.Median * Mm:F3} mm after (p95 {r.After.P95 * Mm:F3}, ",
            $"max {r.After.Max * Mm:F3}){Angles(r)}"]);
        say([$"outliers: {r.Outliers.Count}{(r.Outliers.Count > 0 ? " (" + Samples(r.Outliers) + ")" : "")}"]);
        foreach (var (status, what) in Unfitted(r))
            say([$"{status}: {what}"]);
        say([$"urdf: {urdf}"]);
        say([$"report: {report}"]);
    }

    public static string Markdown(CalibrationResult r, string urdf, string data)
    {
        var s = new StringBuilder();
        void Line(params FormattableString[] parts) => s.Append(Say.Invariant(parts)).Append('\n');
        Line($"# Calibration of {urdf} from {data}");
        Line($"");
        Line($"{r.Fitted + r.HeldOut} samples: {r.Fitted} fitted, {r.HeldOut} held out. Spread of the fitted ",
            $"residuals (the instrument's noise and what no geometry explains): {r.Noise.Position * Mm:F4} mm",
            $"{(r.Model.HasOrientation ? $", {r.Noise.Rotation * Deg:F4}°" : "")}.");
        Line($"");
        Line($"| held-out error | median | p95 | max |");
        Line($"| --- | --- | --- | --- |");
        foreach (var (name, e) in new[] { ("nominal URDF (instrument and marker located)", r.Before),
                     ("calibrated", r.After) })
        {
            Line($"| {name}, mm | {e.Median * Mm:F4} | {e.P95 * Mm:F4} | {e.Max * Mm:F4} |");
            if (r.Model.HasOrientation)
                Line($"| {name}, ° | {e.MedianAngle * Deg:F4} | {e.P95Angle * Deg:F4} | {e.MaxAngle * Deg:F4} |");
        }
        Line($"");
        Line($"Outliers (not fitted; sample numbers count the file's data rows from 1): {r.Outliers.Count}",
            $"{(r.Outliers.Count > 0 ? ": " + Samples(r.Outliers) : "")}.");
        Line($"");
        Line($"Instrument frame (the robot's base in the instrument's frame): {Pose(r.Instrument)}.");
        Line($"Marker (in the last joint's frame): {Pose(r.Marker)}.");
        Line($"");
        Line($"| parameter | correction | standard error | status |");
        Line($"| --- | --- | --- | --- |");
        foreach (var c in r.Corrections)
        {
            var (scale, unit) = c.IsLength ? (Mm, "mm") : (Deg, "°");
            Line($"| {c.Name} | {c.Value * scale:F4} {unit} | {(double.IsNaN(c.StandardError) ? "" :
                (c.StandardError * scale).ToString("G2", CultureInfo.InvariantCulture) + " " + unit)} | ",
                $"{Status(c.Status)} |");
        }
        Line($"");
        Line($"Not identifiable: a combination of the parameters fitted before it for any data (a turn of the base ",
            $"about the first axis is the first zero offset), left at nominal; the fitted ones absorb it. Not seen: ",
            $"the recorded poses barely move it (its standard error is over half the prior's 20 mm or 2°), so it ",
            $"stays near nominal; record poses that exercise it.");
        return s.ToString();
    }

    /// <summary>What a model trained on the calibrated arm records of it (metres; counts).</summary>
    public static Dictionary<string, string> Figures(CalibrationResult r, ResidualRecipe.Outcome residual) => new()
    {
        ["fitted"] = Say.Invariant($"{r.Fitted}"), ["held_out"] = Say.Invariant($"{r.HeldOut}"),
        ["outliers"] = Say.Invariant($"{r.Outliers.Count}"),
        ["before_median_m"] = Say.Invariant($"{r.Before.Median:R}"),
        ["after_median_m"] = Say.Invariant($"{r.After.Median:R}"),
        ["after_p95_m"] = Say.Invariant($"{r.After.P95:R}"), ["after_max_m"] = Say.Invariant($"{r.After.Max:R}"),
        ["residual"] = residual.Residual is null ? "not kept" : "kept",
        ["residual_held_out"] = Say.Invariant($"{residual.Before.Length}"),
        ["residual_before_median_m"] = Say.Invariant($"{HeldOutError.Quantile(residual.Before, 0.5):R}"),
        ["residual_after_median_m"] = Say.Invariant($"{HeldOutError.Quantile(residual.After, 0.5):R}"),
        ["residual_after_p95_m"] = Say.Invariant($"{HeldOutError.Quantile(residual.After, 0.95):R}"),
    };

    /// <summary>What the learned residual did on its held-out samples, and whether it was kept.</summary>
    public static void Residual(ResidualRecipe.Outcome fit, Action<FormattableString[]> say) => say([
        $"learned residual ({string.Join('-', ResidualRecipe.Hidden)} hidden, {fit.Fitted} samples): on ",
        $"{fit.Before.Length} held out, median {HeldOutError.Quantile(fit.Before, 0.5) * Mm:F4} mm with the ",
        $"calibrated geometry alone, {HeldOutError.Quantile(fit.After, 0.5) * Mm:F4} mm with it (p95 ",
        $"{HeldOutError.Quantile(fit.Before, 0.95) * Mm:F4} → {HeldOutError.Quantile(fit.After, 0.95) * Mm:F4}): ",
        $"{(fit.Residual is null ? "not kept, the geometry is the whole model" : "kept")}"]);

    /// <summary>The line eval prints for a model trained on a calibrated arm, from its recorded figures.</summary>
    public static void PrintRecorded(IReadOnlyDictionary<string, string> training)
    {
        string Get(string key) => training.GetValueOrDefault(TrainSettings.CalibrationPrefix + key, "");
        if (!double.TryParse(Get("after_median_m"), NumberStyles.Float, CultureInfo.InvariantCulture, out var after))
            return;
        double Millimetres(string key) => double.Parse(Get(key), CultureInfo.InvariantCulture) * Mm;
        Say.Result($"[recorded data] calibrated on {Get("fitted")} recorded poses; {Get("held_out")} held out: marker ",
            $"error median {after * Mm:F3} mm, p95 {Millimetres("after_p95_m"):F3} mm, max ",
            $"{Millimetres("after_max_m"):F3} mm (nominal URDF {Millimetres("before_median_m"):F3} mm); ",
            $"{Get("outliers")} outliers set aside");
        if (double.TryParse(Get("residual_after_median_m"), NumberStyles.Float, CultureInfo.InvariantCulture,
            out var residual))
            Say.Result($"[recorded data] learned residual {Get("residual")}: on {Get("residual_held_out")} held out, ",
                $"median {Millimetres("residual_before_median_m"):F4} mm with the geometry alone, {residual * Mm:F4} ",
                $"mm with it (p95 {Millimetres("residual_after_p95_m"):F4} mm)");
    }

    public static object Json(CalibrationResult r) => new
    {
        fitted = r.Fitted,
        held_out = r.HeldOut,
        before = Errors(r.Before),
        after = Errors(r.After),
        outliers = r.Outliers,
        corrections = r.Corrections.Select(c => new
        {
            name = c.Name,
            unit = c.IsLength ? "m" : "rad",
            value = c.Value,
            standard_error = c.StandardError,
            status = Status(c.Status),
        }),
    };

    static object Errors(HeldOutError e) => new
    {
        median_m = e.Median, p95_m = e.P95, max_m = e.Max,
        median_rad = e.MedianAngle, p95_rad = e.P95Angle, max_rad = e.MaxAngle,
    };

    static IEnumerable<(string Status, string What)> Unfitted(CalibrationResult r) =>
        r.Corrections.Where(c => c.Status != CorrectionStatus.Fitted).GroupBy(c => c.Status)
            .Select(g => (Status(g.Key), string.Join(", ", g.Select(c => c.Name))));

    static string Status(CorrectionStatus status) => status switch
    {
        CorrectionStatus.Fitted => "fitted",
        CorrectionStatus.NotIdentifiable => "not identifiable (left at nominal)",
        _ => "not seen by these data (held near nominal)",
    };

    static string Angles(CalibrationResult r) => r.Model.HasOrientation
        ? Say.Invariant($"; {r.Before.MedianAngle * Deg:F4}° before, {r.After.MedianAngle * Deg:F4}° after") : "";

    static string Samples(IReadOnlyList<int> samples) =>
        string.Join(", ", samples.Take(20)) + (samples.Count > 20 ? $", … ({samples.Count - 20} more)" : "");

    static string Pose(Frame f)
    {
        var (roll, pitch, yaw) = f.Rpy();
        return string.Create(CultureInfo.InvariantCulture,
            $"xyz {f.P.X:F6} {f.P.Y:F6} {f.P.Z:F6} m, rpy {roll:F6} {pitch:F6} {yaw:F6} rad");
    }
}
