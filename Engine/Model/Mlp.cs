using NeuralIk.Engine.Layers;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A multilayer perceptron sizes[0] → … → sizes[^1] with ReLU (or tanh: <see cref="Hidden"/>) between layers and
/// a linear output.
/// All parameters sit in one flat buffer (so the optimizer is one loop).
/// A layer's output columns are independent through forward, dW and Adam, and dX is a sum of their shares, so
/// the passes run by bands of columns (<see cref="BandPasses"/>), which two threads share in a training step.
/// </summary>
public sealed class Mlp
{
    readonly Dense[] _layers;
    readonly CacheLines _parameters;
    readonly int _widest;

    public Mlp(IReadOnlyList<int> sizes, IDenseKernels? kernels = null, Activation hidden = Activation.Relu)
    {
        if (hidden == Activation.None)
            throw new ArgumentException("hidden layers need an activation", nameof(hidden));
        if (sizes.Count < 2)
            throw new ArgumentException("a network needs at least an input and an output size", nameof(sizes));
        Sizes = [.. sizes];
        Hidden = hidden;
        _widest = sizes.Max();
        Kernels = kernels ?? DenseBlocked.Instance;
        _layers = new Dense[sizes.Count - 1];
        var offset = 0;
        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new Dense(sizes[l], sizes[l + 1], l < _layers.Length - 1 ? hidden : Activation.None,
                offset);
            offset += _layers[l].ParameterCount;
        }
        _parameters = new CacheLines(offset);
        Passes = new BandPasses(this);
    }

    public IReadOnlyList<int> Sizes { get; }
    /// <summary>The hidden layers' activation.</summary>
    public Activation Hidden { get; }
    public IReadOnlyList<Dense> Layers => _layers;
    public IDenseKernels Kernels { get; set; }
    public int InputCount => Sizes[0];
    public int OutputCount => Sizes[^1];
    /// <summary>
    /// Every weight and bias as the passes and Adam use them, layer by layer (W by bands of columns, then b: see
    /// <see cref="Dense"/>), starting on a cache line. Outside the engine they are read and written in plain order
    /// (<see cref="Reorder"/>, <see cref="ReadLayer"/>).
    /// </summary>
    internal Span<float> Parameters => _parameters.Span;

    /// <summary>Weights and biases in all.</summary>
    public int ParameterCount => _parameters.Length;

    /// <summary>The parameters in plain order: layer by layer W[in, out] row-major, then b.</summary>
    public void CopyParametersTo(Span<float> plain) => Reorder(Parameters, plain, toPlain: true);

    /// <summary>Sets the parameters from plain order (<see cref="CopyParametersTo"/>).</summary>
    public void SetParameters(ReadOnlySpan<float> plain) => Reorder(plain, Parameters, toPlain: false);

    /// <summary>Layer l's Wᵀ[out, in] and b[out]: the layout of PyTorch's and ONNX's files.</summary>
    public void ReadLayer(int l, Span<float> weightT, Span<float> bias)
    {
        _layers[l].ReadWeightsTransposed(Parameters, weightT);
        _layers[l].Bias(Parameters).CopyTo(bias);
    }

    /// <summary>Sets layer l from Wᵀ[out, in] and b[out] (<see cref="ReadLayer"/>).</summary>
    public void WriteLayer(int l, ReadOnlySpan<float> weightT, ReadOnlySpan<float> bias)
    {
        _layers[l].WriteWeightsTransposed(weightT, Parameters);
        bias.CopyTo(_layers[l].Bias(Parameters));
    }
    internal BandPasses Passes { get; }

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

    /// <summary>
    /// Values laid out as <see cref="Parameters"/> (parameters, their gradients or moments) to plain order, or back:
    /// layer by layer W[in, out] row-major, then b. What checkpoints hold, so they do not depend on the bands.
    /// </summary>
    internal void Reorder(ReadOnlySpan<float> from, Span<float> to, bool toPlain)
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
        Passes.EnsureCapacity(batch);
        for (var l = 0; l < _layers.Length; l++)
        {
            for (var b = 0; b < _layers[l].Bands.Count; b++)
                Passes.Forward(Kernels, x, batch, l, b);
        }
        return Passes.Output(batch);
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
            var y = l == _layers.Length - 1 ? output[..(batch * layer.Outputs)]
                : scratch.Slice(l % 2 * widest, batch * layer.Outputs);
            if (batch == 1)
                layer.ForwardRow(DenseBlocked.Instance, Parameters, input, y);
            else
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
}
