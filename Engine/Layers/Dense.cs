using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Layers;

/// <summary>
/// A fully connected layer y = act(x·W + b), act = ReLU or identity. Its parameters live in the network's flat
/// buffer from <see cref="WeightOffset"/>: W[in, out] by bands of columns (<see cref="Bands"/>), each band a
/// row-major block [in, band width], then b[out]. In training each core owns one band: a block of its own keeps
/// the other core's lines out of its caches, where columns interleaved row by row drew them in through the
/// prefetchers (measured on a host whose cores are far apart: a two-core step 365 µs against one core's 186). dX is
/// computed transposed, dXᵀ = W · dZᵀ (in <see cref="Model.Mlp"/>), so it runs as a plain row-major product on
/// the blocks themselves: no transposed copy of the weights to refresh after every step.
/// </summary>
public sealed class Dense
{
    public Dense(int inputs, int outputs, Activation activation, int weightOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        WeightOffset = weightOffset;
        Bands = new ColumnBands(outputs, activation);
    }

    public int Inputs { get; }
    public int Outputs { get; }
    public Activation Activation { get; }
    public int WeightOffset { get; }
    public int BiasOffset => WeightOffset + WeightCount;
    public int WeightCount => Inputs * Outputs;
    public int ParameterCount => WeightCount + Outputs;

    /// <summary>How the output columns are cut for the cores (<see cref="ColumnBands"/>).</summary>
    public ColumnBands Bands { get; }

    /// <summary>Band b of W: the block [in, band width], row-major.</summary>
    public Span<float> BandWeights(Span<float> parameters, int b)
    {
        var (start, end) = Bands[b];
        return parameters.Slice(WeightOffset + Inputs * start, Inputs * (end - start));
    }

    /// <summary>Band b of W, to read.</summary>
    public ReadOnlySpan<float> BandWeights(ReadOnlySpan<float> parameters, int b)
    {
        var (start, end) = Bands[b];
        return parameters.Slice(WeightOffset + Inputs * start, Inputs * (end - start));
    }

    /// <summary>Where W[i, j] sits in the network's flat buffer.</summary>
    public int WeightIndex(int i, int j)
    {
        var (start, end) = Bands[Bands.Of(j)];
        return WeightOffset + Inputs * start + i * (end - start) + j - start;
    }

    public Span<float> Bias(Span<float> parameters) => parameters.Slice(BiasOffset, Outputs);

    /// <summary>Copies W out as Wᵀ[out, in] (the layout of PyTorch's and ONNX's files).</summary>
    public void ReadWeightsTransposed(ReadOnlySpan<float> parameters, Span<float> wT)
    {
        for (var b = 0; b < Bands.Count; b++)
        {
            var (start, end) = Bands[b];
            Transpose.Run(BandWeights(parameters, b), Inputs, end - start,
                wT.Slice(start * Inputs, (end - start) * Inputs));
        }
    }

    /// <summary>Sets W from Wᵀ[out, in].</summary>
    public void WriteWeightsTransposed(ReadOnlySpan<float> wT, Span<float> parameters)
    {
        for (var b = 0; b < Bands.Count; b++)
        {
            var (start, end) = Bands[b];
            Transpose.Run(wT.Slice(start * Inputs, (end - start) * Inputs), end - start, Inputs,
                BandWeights(parameters, b));
        }
    }

    // y[out] = act(x[in] · W[in, out] + b[out]) for one row, band by band (DenseBlocked.Row)
    public void ForwardRow(DenseBlocked kernels, ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> y)
    {
        for (var b = 0; b < Bands.Count; b++)
        {
            var (start, end) = Bands[b];
            kernels.Row(x, BandWeights(parameters, b), end - start, parameters.Slice(BiasOffset + start, end - start),
                Inputs, end - start, Activation, y.Slice(start, end - start));
        }
    }

    // y[batch, out] = act(x[batch, in] · W[in, out] + b[out]), band by band
    public void Forward(IDenseKernels kernels, ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch,
        Span<float> y)
    {
        for (var b = 0; b < Bands.Count; b++)
        {
            var (start, end) = Bands[b];
            kernels.Forward(x, Inputs, BandWeights(parameters, b), end - start,
                parameters.Slice(BiasOffset + start, end - start), batch, Inputs, end - start, Activation,
                y.Slice(start, batch * Outputs - start), Outputs);
        }
    }
}
