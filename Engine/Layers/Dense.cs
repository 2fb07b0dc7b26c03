using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Layers;

/// <summary>
/// A fully connected layer y = act(x·W + b), act = ReLU or identity. Its parameters live in the
/// network's flat buffer: W[in, out] row-major at <see cref="WeightOffset"/>, then b[out]. A transposed
/// copy Wt[out, in] in a second buffer lets dX = dZ·Wᵀ run as a plain row-major product.
/// </summary>
public sealed class Dense
{
    public Dense(int inputs, int outputs, bool relu, int weightOffset, int transposedOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        Inputs = inputs;
        Outputs = outputs;
        Relu = relu;
        WeightOffset = weightOffset;
        TransposedOffset = transposedOffset;
    }

    public int Inputs { get; }
    public int Outputs { get; }
    public bool Relu { get; }
    public int WeightOffset { get; }
    public int BiasOffset => WeightOffset + WeightCount;
    public int TransposedOffset { get; }
    public int WeightCount => Inputs * Outputs;
    public int ParameterCount => WeightCount + Outputs;

    public Span<float> Weights(Span<float> parameters) => parameters.Slice(WeightOffset, WeightCount);
    public Span<float> Bias(Span<float> parameters) => parameters.Slice(BiasOffset, Outputs);
    public Span<float> Transposed(Span<float> transposed) => transposed.Slice(TransposedOffset, WeightCount);

    // y[batch, out] = act(x[batch, in] · W[in, out] + b[out])
    public void Forward(IDenseKernels kernels, ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch, Span<float> y) =>
        kernels.Forward(x, parameters.Slice(WeightOffset, WeightCount), parameters.Slice(BiasOffset, Outputs),
            batch, Inputs, Outputs, Relu, y);

    // dw[r1 − r0, out] += rows [r0, r1) of x[batch, in]ᵀ · dz[batch, out]
    public void WeightGradient(IDenseKernels kernels, ReadOnlySpan<float> x, ReadOnlySpan<float> dz, int batch,
        Span<float> dw, int r0, int r1) =>
        kernels.WeightGradient(x, dz, batch, Inputs, Outputs, dw, r0, r1);

    // db[out] += Σ_batch dz[batch, out]
    public void BiasGradient(IDenseKernels kernels, ReadOnlySpan<float> dz, int batch, Span<float> db) =>
        kernels.BiasGradient(dz, batch, Outputs, db);

    // dx[batch, in] = (dz[batch, out] · Wt[out, in]) ⊙ [mask > 0]; the mask is the ReLU output feeding this layer.
    public void BackwardData(IDenseKernels kernels, ReadOnlySpan<float> transposed, ReadOnlySpan<float> dz,
        ReadOnlySpan<float> mask, int batch, Span<float> dx) =>
        kernels.BackwardData(dz, transposed.Slice(TransposedOffset, WeightCount), mask, batch, Outputs, Inputs, dx);

    /// <summary>Refreshes Wt from W after the weights changed.</summary>
    public void SyncTransposed(ReadOnlySpan<float> parameters, Span<float> transposed) =>
        SyncTransposed(parameters, transposed, 0, Inputs);

    /// <summary>Refreshes the columns of Wt that come from rows [r0, r1) of W.</summary>
    public void SyncTransposed(ReadOnlySpan<float> parameters, Span<float> transposed, int r0, int r1) =>
        Transpose.Rows(parameters.Slice(WeightOffset, WeightCount), Inputs, Outputs, Transposed(transposed), r0, r1);
}
