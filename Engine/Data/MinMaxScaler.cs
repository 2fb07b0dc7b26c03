namespace NeuralIk.Engine.Data;

/// <summary>
/// Maps each input column from [min, max] (fitted on the training rows) to [−1, 1]:
/// s = 2 (v − min) / (max − min) − 1; a constant column maps to 0.
/// </summary>
public sealed class MinMaxScaler
{
    public MinMaxScaler(float[] min, float[] max)
    {
        if (min.Length != max.Length || min.Length == 0)
            throw new ArgumentException($"scaler needs one min and one max per column, got {min.Length} and " +
                $"{max.Length}");
        for (var c = 0; c < min.Length; c++)
        {
            if (!float.IsFinite(min[c]) || !float.IsFinite(max[c]) || min[c] > max[c])
                throw new ArgumentException($"scaler column {c} has min {min[c]} and max {max[c]}");
        }
        Min = min;
        Max = max;
    }

    public float[] Min { get; }
    public float[] Max { get; }
    public int Columns => Min.Length;

    /// <summary>Fits per column of rows[n, columns].</summary>
    public static MinMaxScaler Fit(ReadOnlySpan<float> rows, int columns)
    {
        if (rows.Length == 0 || rows.Length % columns != 0)
            throw new ArgumentException($"cannot fit a scaler on {rows.Length} values in {columns} columns");
        var min = Enumerable.Repeat(float.PositiveInfinity, columns).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, columns).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            min[i % columns] = Math.Min(min[i % columns], rows[i]);
            max[i % columns] = Math.Max(max[i % columns], rows[i]);
        }
        return new MinMaxScaler(min, max);
    }

    public float Transform(int column, float value) =>
        Max[column] > Min[column] ? 2f * (value - Min[column]) / (Max[column] - Min[column]) - 1f : 0f;

    /// <summary>Scales rows[n, columns] into output (may be the same buffer).</summary>
    public void Transform(ReadOnlySpan<float> rows, Span<float> output)
    {
        for (var i = 0; i < rows.Length; i++)
            output[i] = Transform(i % Columns, rows[i]);
    }
}
