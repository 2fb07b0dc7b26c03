using NeuralIk.Engine.Layers;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A multilayer perceptron sizes[0] → … → sizes[^1] with ReLU between layers and a linear output.
/// All parameters sit in one flat buffer (so the optimizer is one loop), gradients in a twin buffer.
/// Activation and delta buffers grow to the largest batch seen and are then reused: a training step
/// allocates nothing. A layer's output columns are independent through forward, dW and Adam, and dX is a sum
/// of their shares, so the band methods let two threads share one training step (see <see cref="Dense.Band"/>).
/// </summary>
public sealed class Mlp
{
    readonly Dense[] _layers;
    readonly CacheLines _parameters;
    readonly int _widest;
    CacheLines[] _activations = [];
    CacheLines[] _deltas = [];
    CacheLines[] _deltasTransposed = [];
    CacheLines[] _shares = [];
    int _capacity;

    public Mlp(IReadOnlyList<int> sizes, IDenseKernels? kernels = null)
    {
        if (sizes.Count < 2)
            throw new ArgumentException("a network needs at least an input and an output size", nameof(sizes));
        Sizes = [.. sizes];
        _widest = sizes.Max();
        Kernels = kernels ?? DenseBlocked.Instance;
        _layers = new Dense[sizes.Count - 1];
        var offset = 0;
        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new Dense(sizes[l], sizes[l + 1], relu: l < _layers.Length - 1, offset);
            offset += _layers[l].ParameterCount;
        }
        _parameters = new CacheLines(offset);
        Gradients = new float[offset];
    }

    public IReadOnlyList<int> Sizes { get; }
    public IReadOnlyList<Dense> Layers => _layers;
    public IDenseKernels Kernels { get; set; }
    public int InputCount => Sizes[0];
    public int OutputCount => Sizes[^1];
    /// <summary>
    /// Every weight and bias, layer by layer (W by bands of columns, then b: see <see cref="Dense"/>), starting on
    /// a cache line. <see cref="ToPlainOrder"/> gives them with each W row-major.
    /// </summary>
    public Span<float> Parameters => _parameters.Span;
    public float[] Gradients { get; }

    /// <summary>FLOP of one sample's forward pass (2 per multiply-add).</summary>
    public long ForwardFlopPerSample => _layers.Sum(l => 2L * l.WeightCount);

    /// <summary>FLOP of one sample's training step: forward, dW, and dX for every layer but the first.</summary>
    public long TrainingFlopPerSample => 3 * ForwardFlopPerSample - 2L * _layers[0].WeightCount;

    /// <summary>Glorot-uniform weights (limit √(6 / (in + out))), zero biases, as Keras initialises Dense.</summary>
    public void InitializeGlorot(Rng rng)
    {
        foreach (var layer in _layers)
        {
            var limit = Math.Sqrt(6.0 / (layer.Inputs + layer.Outputs));
            for (var i = 0; i < layer.Inputs; i++)
            {
                for (var j = 0; j < layer.Outputs; j++)
                    Parameters[layer.WeightIndex(i, j)] = (float)rng.Uniform(-limit, limit);
            }
            layer.Bias(Parameters).Clear();
        }
    }

    public void ZeroGradients() => Array.Clear(Gradients);

    /// <summary>
    /// Values laid out as <see cref="Parameters"/> (parameters, their gradients or moments) in plain order: layer by
    /// layer W[in, out] row-major, then b. What checkpoints hold, so they do not depend on the bands.
    /// </summary>
    public void ToPlainOrder(ReadOnlySpan<float> values, Span<float> plain) => Reorder(values, plain, toPlain: true);

    /// <summary>The inverse of <see cref="ToPlainOrder"/>.</summary>
    public void FromPlainOrder(ReadOnlySpan<float> plain, Span<float> values) =>
        Reorder(plain, values, toPlain: false);

    void Reorder(ReadOnlySpan<float> from, Span<float> to, bool toPlain)
    {
        var count = _parameters.Span.Length;
        if (from.Length != count || to.Length != count)
            throw new ArgumentException($"the network has {count} parameters, not {from.Length} and {to.Length}");
        foreach (var layer in _layers)
        {
            for (var i = 0; i < layer.Inputs; i++)
            {
                for (var j = 0; j < layer.Outputs; j++)
                {
                    var (plain, banded) = (layer.WeightOffset + i * layer.Outputs + j, layer.WeightIndex(i, j));
                    if (toPlain)
                        to[plain] = from[banded];
                    else
                        to[banded] = from[plain];
                }
            }
            from.Slice(layer.BiasOffset, layer.Outputs).CopyTo(to.Slice(layer.BiasOffset, layer.Outputs));
        }
    }

    // output[batch, outputs] = net(x[batch, inputs]); the span is valid until the next call.
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch)
    {
        EnsureCapacity(batch);
        var input = x[..(batch * InputCount)];
        for (var l = 0; l < _layers.Length; l++)
        {
            var y = _activations[l].Span.Slice(0, batch * _layers[l].Outputs);
            _layers[l].Forward(Kernels, Parameters, input, batch, y);
            input = y;
        }
        return Output(batch);
    }

    /// <summary>Y[batch, band b of layer l] from the layer's whole input; the layers below must be done.</summary>
    internal void ForwardBand(IDenseKernels kernels, ReadOnlySpan<float> x, int batch, int l, int b)
    {
        RequireCapacity(batch);
        var layer = _layers[l];
        var (j0, j1) = layer.Band(b);
        var input = l == 0 ? x[..(batch * layer.Inputs)] : _activations[l - 1].Span[..(batch * layer.Inputs)];
        kernels.Forward(input, layer.Inputs, layer.BandWeights(Parameters, b), j1 - j0,
            Parameters.Slice(layer.BiasOffset + j0, j1 - j0), batch, layer.Inputs, j1 - j0,
            layer.Relu, _activations[l].Span.Slice(j0, batch * layer.Outputs - j0), layer.Outputs);
    }

    /// <summary>output[batch, outputs] of the last forward pass.</summary>
    internal ReadOnlySpan<float> Output(int batch) => _activations[^1].Span.Slice(0, batch * OutputCount);

    /// <summary>dLoss/dOutput[batch, outputs], written by the caller before <see cref="BackwardDataBand"/>.</summary>
    internal Span<float> OutputDelta(int batch) => _deltas[^1].Span.Slice(0, batch * OutputCount);

    /// <summary>Scratch floats <see cref="Infer"/> needs for a batch.</summary>
    public int InferScratchLength(int batch) => 2 * batch * _widest;

    /// <summary>
    /// output[batch, outputs] = network(x[batch, inputs]) using only the caller's scratch: no shared
    /// state, so any number of threads may infer with one network at once (training must not run).
    /// </summary>
    public void Infer(ReadOnlySpan<float> x, int batch, Span<float> output, Span<float> scratch)
    {
        var widest = batch * _widest;
        var input = x[..(batch * InputCount)];
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var y = l == _layers.Length - 1 ? output[..(batch * layer.Outputs)]
                : scratch.Slice(l % 2 * widest, batch * layer.Outputs);
            layer.Forward(DenseBlocked.Instance, Parameters, input, batch, y);
            input = y;
        }
    }

    /// <summary>Runs the network over rows of <paramref name="x"/> in batches of 256 and writes all outputs.</summary>
    public void PredictInto(ReadOnlySpan<float> x, int count, Span<float> output)
    {
        const int batch = 256;
        for (var start = 0; start < count; start += batch)
        {
            var rows = Math.Min(batch, count - start);
            Forward(x.Slice(start * InputCount, rows * InputCount), rows).CopyTo(output[(start * OutputCount)..]);
        }
    }

    /// <summary>
    /// Accumulates dLoss/dParameters into <see cref="Gradients"/> for the batch of the last
    /// <see cref="Forward"/> call (whose input is <paramref name="x"/>), given dLoss/dOutput.
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dOutput, int batch)
    {
        RequireCapacity(batch);
        dOutput[..(batch * OutputCount)].CopyTo(OutputDelta(batch));
        BeginBackward(batch);
        for (var l = _layers.Length - 1; l > 0; l--)
        {
            for (var b = 0; b < _layers[l].Bands; b++)
                BackwardDataBand(Kernels, batch, l, b);
            DeltaRows(batch, l - 1, 0, _layers[l - 1].Outputs);
        }
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var input = l == 0 ? x[..(batch * layer.Inputs)] : _activations[l - 1].Span[..(batch * layer.Inputs)];
            var dz = _deltas[l].Span[..(batch * layer.Outputs)];
            layer.WeightGradient(Kernels, input, dz, batch, Gradients);
            layer.BiasGradient(Kernels, dz, batch, layer.Bias(Gradients));
        }
    }

    /// <summary>
    /// dZᵀ of the output layer from <see cref="OutputDelta"/>: what <see cref="BackwardDataBand"/> starts from.
    /// </summary>
    internal void BeginBackward(int batch)
    {
        RequireCapacity(batch);
        Transpose.Run(OutputDelta(batch), batch, OutputCount, _deltasTransposed[^1].Span.Slice(0, OutputCount * batch));
    }

    /// <summary>
    /// Band b's share of dX of layer l (l &gt; 0): Pᵀ[in, batch] = W[:, band] · dZᵀ[band, batch]. The bands'
    /// shares add up to dXᵀ in <see cref="DeltaRows"/>. Must run before Adam changes the band's weights.
    /// </summary>
    internal void BackwardDataBand(IDenseKernels kernels, int batch, int l, int b)
    {
        RequireCapacity(batch);
        var layer = _layers[l];
        var (j0, j1) = layer.Band(b);
        var share = b == 0 ? _deltasTransposed[l - 1] : _shares[l - 1];
        kernels.Forward(layer.BandWeights(Parameters, b), j1 - j0,
            _deltasTransposed[l].Span.Slice(j0 * batch, (j1 - j0) * batch), batch, [], layer.Inputs, j1 - j0, batch,
            relu: false, share.Span[..(layer.Inputs * batch)], batch);
    }

    /// <summary>
    /// Units [i0, i1) of dLoss/dz of layer l (below the top), in both layouts: the bands' shares of layer l + 1's
    /// dXᵀ added in band order (so one core and two give the same bits), then layer l's ReLU mask.
    /// </summary>
    internal void DeltaRows(int batch, int l, int i0, int i1)
    {
        RequireCapacity(batch);
        var layer = _layers[l];
        var dxT = _deltasTransposed[l].Span.Slice(0, layer.Outputs * batch);
        if (_layers[l + 1].Bands == 2)
        {
            Denormals.AddFlushed(dxT[(i0 * batch)..(i1 * batch)], _shares[l].Span.Slice(i0 * batch, (i1 - i0) * batch));
        }
        ReadOnlySpan<float> mask = layer.Relu ? _activations[l].Span.Slice(0, batch * layer.Outputs) : [];
        Transpose.Masked(dxT, mask, _deltas[l].Span.Slice(0, batch * layer.Outputs), batch, layer.Outputs, i0, i1);
    }

    /// <summary>Adds dLoss/dW for rows [i0, i1) of band b of layer l's W into dw[i1 − i0, band width].</summary>
    internal void WeightGradientBand(IDenseKernels kernels, ReadOnlySpan<float> x, int batch, int l, int b,
        int i0, int i1, Span<float> dw)
    {
        var layer = _layers[l];
        var (j0, j1) = layer.Band(b);
        var input = l == 0 ? x[..(batch * layer.Inputs)] : _activations[l - 1].Span[..(batch * layer.Inputs)];
        kernels.WeightGradient(input, _deltas[l].Span.Slice(j0, batch * layer.Outputs - j0), layer.Outputs, batch,
            layer.Inputs, j1 - j0, dw, i0, i1);
    }

    /// <summary>Adds dLoss/db for band b of layer l into db[band width].</summary>
    internal void BiasGradientBand(IDenseKernels kernels, int batch, int l, int b, Span<float> db)
    {
        var layer = _layers[l];
        var (j0, j1) = layer.Band(b);
        kernels.BiasGradient(_deltas[l].Span.Slice(j0, batch * layer.Outputs - j0), layer.Outputs, batch, j1 - j0, db);
    }

    /// <summary>Grows the activation and delta buffers to hold a batch (allocates only when it grows).</summary>
    internal void EnsureCapacity(int batch)
    {
        if (batch <= _capacity)
            return;
        // A loop, not a lambda: a closure over batch would be allocated on every call, early return included.
        _activations = new CacheLines[_layers.Length];
        _deltas = new CacheLines[_layers.Length];
        _deltasTransposed = new CacheLines[_layers.Length];
        _shares = new CacheLines[_layers.Length];
        for (var l = 0; l < _layers.Length; l++)
        {
            _activations[l] = new CacheLines(batch * _layers[l].Outputs);
            _deltas[l] = new CacheLines(batch * _layers[l].Outputs);
            _deltasTransposed[l] = new CacheLines(batch * _layers[l].Outputs);
            _shares[l] = new CacheLines(batch * _layers[l].Outputs);
        }
        _capacity = batch;
    }

    void RequireCapacity(int batch)
    {
        if (batch > _capacity)
            throw new InvalidOperationException($"a batch of {batch} rows needs the buffers of a Forward call with " +
                $"as many");
    }
}
