using NeuralIk.Engine.Layers;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A multilayer perceptron sizes[0] → … → sizes[^1] with ReLU between layers and a linear output.
/// All parameters sit in one flat buffer (so the optimizer is one loop), gradients in a twin buffer.
/// Activation and delta buffers grow to the largest batch seen and are then reused: a training step
/// allocates nothing. The rows of a batch are independent through the forward pass, and the units of a
/// layer through dX and dW, so the range methods let two threads share one training step.
/// </summary>
public sealed class Mlp
{
    readonly Dense[] _layers;
    readonly int _widest;
    float[][] _activations = [];
    float[][] _deltas = [];
    float[][] _deltasTransposed = [];
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
        Parameters = new float[offset];
        Gradients = new float[offset];
    }

    public IReadOnlyList<int> Sizes { get; }
    public IReadOnlyList<Dense> Layers => _layers;
    public IDenseKernels Kernels { get; set; }
    public int InputCount => Sizes[0];
    public int OutputCount => Sizes[^1];
    public float[] Parameters { get; }
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
            foreach (ref var w in layer.Weights(Parameters))
                w = (float)rng.Uniform(-limit, limit);
            layer.Bias(Parameters).Clear();
        }
    }

    public void ZeroGradients() => Array.Clear(Gradients);

    // output[batch, outputs] = net(x[batch, inputs]); the span is valid until the next call.
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch)
    {
        EnsureCapacity(batch);
        ForwardRows(Kernels, x, batch, 0, batch);
        return Output(batch);
    }

    /// <summary>
    /// Forward for rows [r0, r1) of a batch only; <see cref="EnsureCapacity"/> must have seen the batch.
    /// </summary>
    internal void ForwardRows(IDenseKernels kernels, ReadOnlySpan<float> x, int batch, int r0, int r1)
    {
        RequireCapacity(batch);
        var rows = r1 - r0;
        var input = x.Slice(r0 * InputCount, rows * InputCount);
        for (var l = 0; l < _layers.Length; l++)
        {
            var y = _activations[l].AsSpan(r0 * _layers[l].Outputs, rows * _layers[l].Outputs);
            _layers[l].Forward(kernels, Parameters, input, rows, y);
            input = y;
        }
    }

    /// <summary>output[batch, outputs] of the last forward pass.</summary>
    internal ReadOnlySpan<float> Output(int batch) => _activations[^1].AsSpan(0, batch * OutputCount);

    /// <summary>dLoss/dOutput[batch, outputs], written by the caller before <see cref="BackwardDataRows"/>.</summary>
    internal Span<float> OutputDelta(int batch) => _deltas[^1].AsSpan(0, batch * OutputCount);

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
            BackwardDataRows(Kernels, batch, l, 0, _layers[l].Inputs);
        for (var l = 0; l < _layers.Length; l++)
        {
            WeightGradientRows(Kernels, x, batch, l, 0, _layers[l].Inputs, _layers[l].Weights(Gradients));
            BiasGradient(Kernels, batch, l, _layers[l].Bias(Gradients));
        }
    }

    /// <summary>
    /// dZᵀ of the output layer from <see cref="OutputDelta"/>: what <see cref="BackwardDataRows"/> starts from.
    /// </summary>
    internal void BeginBackward(int batch)
    {
        RequireCapacity(batch);
        Transpose.Run(OutputDelta(batch), batch, OutputCount, _deltasTransposed[^1].AsSpan(0, OutputCount * batch));
    }

    /// <summary>
    /// dLoss/dz of layer l − 1 for its units [r0, r1), from layer l's (both layouts): dXᵀ = W·dZᵀ, then the
    /// ReLU mask. Units are independent, so two threads may take disjoint ranges of one layer.
    /// </summary>
    internal void BackwardDataRows(IDenseKernels kernels, int batch, int l, int r0, int r1)
    {
        RequireCapacity(batch);
        var (layer, below) = (_layers[l], _layers[l - 1]);
        var dxT = _deltasTransposed[l - 1].AsSpan(0, layer.Inputs * batch);
        layer.BackwardData(kernels, Parameters, _deltasTransposed[l].AsSpan(0, layer.Outputs * batch), batch,
            dxT[(r0 * batch)..], r0, r1);
        ReadOnlySpan<float> mask = below.Relu ? _activations[l - 1].AsSpan(0, batch * layer.Inputs) : [];
        Transpose.Masked(dxT, mask, _deltas[l - 1].AsSpan(0, batch * layer.Inputs), batch, layer.Inputs, r0, r1);
    }

    /// <summary>Adds dLoss/dW for rows [r0, r1) of layer <paramref name="l"/>'s W into dw[r1 − r0, outputs].</summary>
    internal void WeightGradientRows(IDenseKernels kernels, ReadOnlySpan<float> x, int batch, int l, int r0, int r1,
        Span<float> dw)
    {
        var layer = _layers[l];
        var input = l == 0 ? x[..(batch * layer.Inputs)] : _activations[l - 1].AsSpan(0, batch * layer.Inputs);
        layer.WeightGradient(kernels, input, _deltas[l].AsSpan(0, batch * layer.Outputs), batch, dw, r0, r1);
    }

    /// <summary>Adds dLoss/db of layer <paramref name="l"/> into db[outputs].</summary>
    internal void BiasGradient(IDenseKernels kernels, int batch, int l, Span<float> db) =>
        _layers[l].BiasGradient(kernels, _deltas[l].AsSpan(0, batch * _layers[l].Outputs), batch, db);

    /// <summary>Grows the activation and delta buffers to hold a batch (allocates only when it grows).</summary>
    internal void EnsureCapacity(int batch)
    {
        if (batch <= _capacity)
            return;
        // A loop, not a lambda: a closure over batch would be allocated on every call, early return included.
        _activations = new float[_layers.Length][];
        _deltas = new float[_layers.Length][];
        _deltasTransposed = new float[_layers.Length][];
        for (var l = 0; l < _layers.Length; l++)
        {
            _activations[l] = new float[batch * _layers[l].Outputs];
            _deltas[l] = new float[batch * _layers[l].Outputs];
            _deltasTransposed[l] = new float[batch * _layers[l].Outputs];
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
