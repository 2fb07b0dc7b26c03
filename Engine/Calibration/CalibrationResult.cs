using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Calibration;

/// <summary>Data that cannot calibrate an arm: too few samples, or too narrow. The message says which.</summary>
public sealed class CalibrationException(string message) : Exception(message);

public enum CorrectionStatus
{
    /// <summary>Fitted from the data.</summary>
    Fitted,
    /// <summary>A combination of other parameters for any data: left at nominal.</summary>
    NotIdentifiable,
    /// <summary>The data barely see it (the poses recorded are too few or too alike): held near nominal.</summary>
    NotSeen,
}

/// <summary>One geometric parameter's correction from nominal (metres or radians) and its standard error.</summary>
public sealed record Correction(string Name, bool IsLength, double Value, double StandardError,
    CorrectionStatus Status);

/// <summary>Distances of measured from predicted markers on held-out samples: position (m), rotation (rad).</summary>
public sealed record HeldOutError(double Median, double P95, double Max, double MedianAngle, double P95Angle,
    double MaxAngle)
{
    public static HeldOutError Of(GeometryModel model, double[] parameters, RecordedPoses data)
    {
        var blocks = model.Frames(parameters);
        var positions = new double[data.Count];
        var angles = new double[data.Count];
        for (var s = 0; s < data.Count; s++)
        {
            var predicted = model.Forward(blocks, data.Joints[s]);
            positions[s] = (data.Positions[s] - predicted.P).Length;
            angles[s] = data.Orientations is { } o ? (o[s] * predicted.Transposed).RotationVector().Length : 0;
        }
        return new HeldOutError(Quantile(positions, 0.5), Quantile(positions, 0.95), Quantile(positions, 1),
            Quantile(angles, 0.5), Quantile(angles, 0.95), Quantile(angles, 1));
    }

    /// <summary>The q-quantile by linear interpolation between order statistics (0 for no values).</summary>
    public static double Quantile(double[] values, double q)
    {
        if (values.Length == 0)
            return 0;
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var at = q * (sorted.Length - 1);
        var low = (int)Math.Floor(at);
        return low + 1 < sorted.Length ? sorted[low] + (at - low) * (sorted[low + 1] - sorted[low]) : sorted[low];
    }
}

/// <summary>
/// What a calibration found: the fitted parameters of <see cref="Model"/>, the held-out errors before (nominal
/// geometry, instrument and marker located) and after, each joint parameter's correction, and the outliers (sample
/// numbers from 1, in file order).
/// </summary>
public sealed record CalibrationResult(GeometryModel Model, double[] Parameters, int Fitted, int HeldOut,
    HeldOutError Before, HeldOutError After, IReadOnlyList<Correction> Corrections, IReadOnlyList<int> Outliers,
    (double Position, double Rotation) Noise)
{
    /// <summary>The calibrated chain: joints as commanded in, the marker in the instrument's frame out.</summary>
    public SpatialChain Chain => Model.Chain(Parameters);
    public Frame Instrument => Model.Frames(Parameters)[0];
    public Frame Marker => Model.Frames(Parameters)[^1];
}
