using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Layers;

/// <summary>
/// A fully connected layer y = act(x·W + b), act = ReLU or identity. Its parameters live in the
/// network's flat buffer: W[in, out] row-major at <see cref="WeightOffset"/>, then b[out]. dX is computed
/// transposed, dXᵀ = W · dZᵀ (in <see cref="Model.Mlp"/>), so it runs as a plain row-major product on W itself:
/// no transposed copy of the weights to refresh after every step (that refresh cost a third of a seed step).
/// </summary>
public sealed class Dense
{
    public Dense(int inputs, int outputs, bool relu, int weightOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        Inputs = inputs;
        Outputs = outputs;
        Relu = relu;
        WeightOffset = weightOffset;
    }

    public int Inputs { get; }
    public int Outputs { get; }
    public bool Relu { get; }
    public int WeightOffset { get; }
    public int BiasOffset => WeightOffset + WeightCount;
    public int WeightCount => Inputs * Outputs;
    public int ParameterCount => WeightCount + Outputs;

    public Span<float> Weights(Span<float> parameters) => parameters.Slice(WeightOffset, WeightCount);
    public Span<float> Bias(Span<float> parameters) => parameters.Slice(BiasOffset, Outputs);

    // y[batch, out] = act(x[batch, in] · W[in, out] + b[out])
    public void Forward(IDenseKernels kernels, ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch,
        Span<float> y) =>
        kernels.Forward(x, parameters.Slice(WeightOffset, WeightCount), parameters.Slice(BiasOffset, Outputs),
            batch, Inputs, Outputs, Relu, y);

    // dw[in, out] += x[batch, in]ᵀ · dz[batch, out]
    public void WeightGradient(IDenseKernels kernels, ReadOnlySpan<float> x, ReadOnlySpan<float> dz, int batch,
        Span<float> dw) =>
        kernels.WeightGradient(x, dz, batch, Inputs, Outputs, dw, 0, Inputs);

    // db[out] += Σ_batch dz[batch, out]
    public void BiasGradient(IDenseKernels kernels, ReadOnlySpan<float> dz, int batch, Span<float> db) =>
        kernels.BiasGradient(dz, batch, Outputs, db);
}
