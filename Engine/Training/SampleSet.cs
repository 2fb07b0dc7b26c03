namespace NeuralIk.Engine.Training;

/// <summary>Rows of network inputs X[count, inputs] and targets Y[count, outputs], row-major.</summary>
public sealed class SampleSet
{
    public SampleSet(float[] inputs, float[] targets, int inputCount, int outputCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputCount);
        if (inputs.Length % inputCount != 0 || targets.Length % outputCount != 0
            || inputs.Length / inputCount != targets.Length / outputCount)
            throw new ArgumentException($"inputs ({inputs.Length} values of {inputCount}) and targets " +
                $"({targets.Length} values of {outputCount}) do not hold the same number of rows");
        Inputs = inputs;
        Targets = targets;
        InputCount = inputCount;
        OutputCount = outputCount;
    }

    public float[] Inputs { get; }
    public float[] Targets { get; }
    public int InputCount { get; }
    public int OutputCount { get; }
    public int Count => Inputs.Length / InputCount;

    /// <summary>Copies the rows at <paramref name="rows"/> into contiguous batch buffers.</summary>
    public void Gather(ReadOnlySpan<int> rows, Span<float> inputs, Span<float> targets)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            Inputs.AsSpan(rows[r] * InputCount, InputCount).CopyTo(inputs[(r * InputCount)..]);
            Targets.AsSpan(rows[r] * OutputCount, OutputCount).CopyTo(targets[(r * OutputCount)..]);
        }
    }
}
