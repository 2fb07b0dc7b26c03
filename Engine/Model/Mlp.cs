using NeuralIk.Engine.Layers;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Training;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A multilayer perceptron sizes[0] → … → sizes[^1] with ReLU between layers and a linear output.
/// All parameters sit in one flat buffer (so the optimizer is one loop), gradients in a twin buffer.
/// Activation buffers grow to the largest batch seen and are then reused: a training step allocates nothing.
/// </summary>
public sealed class Mlp
{
    readonly Dense[] _layers;
    readonly float[] _transposed;
    readonly int _widest;
    float[][] _activations = [];
    float[] _deltaA = [];
    float[] _deltaB = [];
    int _capacity;

    public Mlp(IReadOnlyList<int> sizes, IDenseKernels? kernels = null)
    {
        if (sizes.Count < 2)
            throw new ArgumentException("a network needs at least an input and an output size", nameof(sizes));
        Sizes = [.. sizes];
        _widest = sizes.Max();
        Kernels = kernels ?? DenseBlocked.Instance;
        _layers = new Dense[sizes.Count - 1];
        int offset = 0, transposedOffset = 0;
        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new Dense(sizes[l], sizes[l + 1], relu: l < _layers.Length - 1, offset, transposedOffset);
            offset += _layers[l].ParameterCount;
            transposedOffset += _layers[l].WeightCount;
        }
        Parameters = new float[offset];
        Gradients = new float[offset];
        _transposed = new float[transposedOffset];
    }

    public IReadOnlyList<int> Sizes { get; }
    public IReadOnlyList<Dense> Layers => _layers;
    public IDenseKernels Kernels { get; set; }
    public int InputCount => Sizes[0];
    public int OutputCount => Sizes[^1];
    public float[] Parameters { get; }
    public float[] Gradients { get; }

    /// <summary>Each layer's Wt, kept in sync with W by <see cref="ParametersChanged"/> (or by a caller that updates both).</summary>
    internal float[] TransposedWeights => _transposed;

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
        ParametersChanged();
    }

    /// <summary>Call after writing <see cref="Parameters"/> (optimizer step, load).</summary>
    public void ParametersChanged()
    {
        foreach (var layer in _layers)
            layer.SyncTransposed(Parameters, _transposed);
    }

    public void ZeroGradients() => Array.Clear(Gradients);

    // output[batch, outputs] = net(x[batch, inputs]); the span is valid until the next call.
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch)
    {
        EnsureCapacity(batch);
        var input = x[..(batch * InputCount)];
        for (var l = 0; l < _layers.Length; l++)
        {
            var y = _activations[l].AsSpan(0, batch * _layers[l].Outputs);
            _layers[l].Forward(Kernels, Parameters, input, batch, y);
            input = y;
        }
        return input;
    }

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
            var y = l == _layers.Length - 1 ? output[..(batch * layer.Outputs)] : scratch.Slice(l % 2 * widest, batch * layer.Outputs);
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
        if (batch > _capacity)
            throw new InvalidOperationException("Backward needs the activations of a Forward call with the same batch");
        var dz = dOutput[..(batch * OutputCount)];
        for (var l = _layers.Length - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            ReadOnlySpan<float> input = l == 0 ? x[..(batch * layer.Inputs)] : _activations[l - 1].AsSpan(0, batch * layer.Inputs);
            layer.BackwardWeights(Kernels, input, dz, batch, Gradients);
            if (l == 0)
                break;
            var dx = (l % 2 == 0 ? _deltaA : _deltaB).AsSpan(0, batch * layer.Inputs);
            layer.BackwardData(Kernels, _transposed, dz, _layers[l - 1].Relu ? input : [], batch, dx);
            dz = dx;
        }
    }

    void EnsureCapacity(int batch)
    {
        if (batch <= _capacity)
            return;
        // A loop, not a lambda: a closure over batch would be allocated on every call, early return included.
        _activations = new float[_layers.Length][];
        for (var l = 0; l < _layers.Length; l++)
            _activations[l] = new float[batch * _layers[l].Outputs];
        _deltaA = new float[batch * _widest];
        _deltaB = new float[batch * _widest];
        _capacity = batch;
    }
}
