using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Calibration;

/// <summary>
/// Identifies a real arm's geometry from recorded poses (<see cref="RecordedPoses"/>): the instrument frame, the
/// marker on the tip, and per joint its origin and zero offset, as steps from the nominal chain.
/// 1. A fifth of the samples (seeded) is held out; the rest fit.
/// 2. The instrument frame starts from a trimmed rigid fit of the nominal tip points onto the measured ones.
/// 3. "Before": only the instrument and the marker fitted, the nominal geometry kept (what an uncalibrated URDF
///    gives once the instrument is located).
/// 4. Identifiability: the parameters are taken in order (instrument, marker, zero offsets, then the other origin
///    steps) and one whose Jacobian column lies within 1e-6 of the span of those before it is left at nominal and
///    reported: the data cannot tell it apart from them (a turn of the base about the first axis is the first
///    zero offset). The rest are fitted with a prior toward nominal (σ 20 mm, 2°), so a parameter the data barely
///    see stays near nominal and is reported as such (its standard error over half the prior's).
/// 5. Held-out errors before and after, outliers reported by sample number.
/// </summary>
public static class Calibrator
{
    const double PriorLength = 0.02, PriorAngle = 2 * Math.PI / 180, Redundant = 1e-6;

    public static CalibrationResult Calibrate(SpatialChain nominal, RecordedPoses data, ulong seed = 1)
    {
        var split = DataSplit.Create(data.Count, seed, 0.2, 0);
        // Three residuals per fitted parameter at least (the instrument's six aside).
        var needed = GeometryModel.BlockSize * (nominal.Count + 1) * 3 / (data.HasOrientation ? 6 : 3);
        if (split.Train.Length < needed)
            throw new CalibrationException($"{data.Count} samples are too few to calibrate a {nominal.Count}-joint " +
                $"arm: record at least {(needed * 5 + 3) / 4}");
        var (train, held) = (data.Subset(split.Train), data.Subset(split.Test));
        var tips = train.Joints.Select(q => nominal.Forward(q).P).ToArray();
        var model = new GeometryModel(nominal, RigidFit.FitTrimmed(tips, train.Positions), data.HasOrientation);
        var fitted = Enumerable.Range(0, model.Count).Where(model.Fitted).ToArray();
        var located = fitted.Where(k => k < 6 || k >= model.Count - 6).ToArray();
        var none = Enumerable.Repeat(double.PositiveInfinity, model.Count).ToArray();
        var before = new GeometryFit(model, train, new double[model.Count], located, none);
        before.Run();
        var (free, redundant) = Identifiable(before, Priority(model, fitted));
        if (free.Length < located.Length || !free.Any(k => k >= 6 && k < model.Count - 6))
            throw new CalibrationException($"the {data.Count} recorded poses are too alike to calibrate: record " +
                "poses that move every joint over its range");
        var prior = Enumerable.Range(0, model.Count).Select(k => k < 6 || k >= model.Count - 6 ? double.PositiveInfinity
            : GeometryModel.IsLength(k) ? PriorLength : PriorAngle).ToArray();
        var after = new GeometryFit(model, train, before.Parameters, free, prior);
        after.Run();
        var corrections = new List<Correction>();
        for (var k = 6; k < model.Count - 6; k++)
        {
            var at = Array.IndexOf(free, k);
            var error = at >= 0 ? after.StandardErrors[at] : double.NaN;
            var status = redundant.Contains(k) ? CorrectionStatus.NotIdentifiable
                : error > 0.5 * prior[k] ? CorrectionStatus.NotSeen : CorrectionStatus.Fitted;
            corrections.Add(new Correction(model.Name(k), GeometryModel.IsLength(k), after.Parameters[k], error,
                status));
        }
        var outliers = split.Train.Where((_, i) => after.Outliers[i]).ToList();
        var heldOutliers = after.Outlying(held);
        outliers.AddRange(split.Test.Where((_, i) => heldOutliers[i]));
        var kept = held.Subset([.. Enumerable.Range(0, held.Count).Where(i => !heldOutliers[i])]);
        return new CalibrationResult(model, after.Parameters, train.Count, held.Count,
            HeldOutError.Of(model, before.Parameters, kept), HeldOutError.Of(model, after.Parameters, kept),
            corrections, [.. outliers.Order().Select(s => s + 1)], after.Sigma);
    }

    // Instrument and marker first (they are unknown, not nominal), then zero offsets, then the rest in order.
    static int[] Priority(GeometryModel model, int[] fitted)
    {
        var zero = model.Nominal.Joints.Select((j, i) => 6 * (i + 1) + (j.Type == JointType.Prismatic ? 2 : 5));
        var first = fitted.Where(k => k < 6 || k >= model.Count - 6).Concat(zero).ToList();
        return [.. first, .. fitted.Except(first)];
    }

    // Gram–Schmidt over the scaled Jacobian's columns in the order given.
    static (int[] Free, HashSet<int> Redundant) Identifiable(GeometryFit fit, int[] order)
    {
        var columns = fit.ScaledJacobian(order);
        var rows = columns.Length / order.Length;
        var basis = new List<double[]>();
        var (free, redundant) = (new List<int>(), new HashSet<int>());
        for (var c = 0; c < order.Length; c++)
        {
            var v = new double[rows];
            for (var r = 0; r < rows; r++)
                v[r] = columns[r * order.Length + c];
            var norm = Norm(v);
            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var q in basis)
                {
                    var dot = 0.0;
                    for (var r = 0; r < rows; r++)
                        dot += q[r] * v[r];
                    for (var r = 0; r < rows; r++)
                        v[r] -= dot * q[r];
                }
            }
            var left = Norm(v);
            if (norm == 0 || left < Redundant * norm)
            {
                redundant.Add(order[c]);
                continue;
            }
            basis.Add([.. v.Select(x => x / left)]);
            free.Add(order[c]);
        }
        return ([.. free], redundant);
    }

    static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
}
