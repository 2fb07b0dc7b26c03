using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Optimizers;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>
/// One optimizer step as jobs that one core runs chunk by chunk and two cores share:
/// 1. forward through every layer, by halves of the batch (rows are independent, so the layers need
///    no hand-off between them); then the loss over the whole batch on the caller;
/// 2. per layer from the top, by chunks of its weight rows (units of the layer below): dX of those
///    units (dXᵀ = W·dZᵀ, then the ReLU mask), then dW of those rows into a small buffer and Adam on
///    them, while the rows are in L1; chunk 0 also takes the biases. The first layer has no dX and is
///    updated on the caller.
/// Each row of W is read once per pass and by the same core step after step (the caller takes chunks
/// from the front, the worker from the back), so it stays in that core's L2 with its Adam moments.
/// Every value is the same sum in the same order whoever computes it: one core and two give the same bits.
/// </summary>
internal sealed class TrainingStep(Mlp net, Adam adam, ILoss loss) : IChunkedJob
{
    const int LayerChunks = 8;
    bool _forward;
    int _layer;
    float[] _x = [];
    int _batch;
    float _alpha;
    IDenseKernels _kernels = DenseBlocked.Instance;
    SecondCore? _core;
    readonly float[][] _gradients = ChunkBuffers(net);

    public int Chunks => _forward ? 2 : Math.Min(LayerChunks, net.Layers[_layer].Inputs);

    /// <summary>
    /// One step on x[batch, inputs] (the first rows of <paramref name="x"/>) and its targets; returns the batch
    /// loss before it.
    /// </summary>
    public double Run(float[] x, ReadOnlySpan<float> targets, int batch)
    {
        Prepare(x, batch);
        RunForward();
        var value = Loss(targets);
        RunBackward();
        return value;
    }

    /// <summary>Sets the batch for the phases (they are separately callable so benchmarks can time each one).</summary>
    internal void Prepare(float[] x, int batch)
    {
        // Inside a job the products run on one core each: the step is what is shared.
        _core = (net.Kernels as ParallelDense)?.Core;
        (_x, _batch, _kernels) = (x, batch, _core is null ? net.Kernels : DenseBlocked.Instance);
        net.EnsureCapacity(batch);
    }

    /// <summary>Phase 1.</summary>
    internal void RunForward()
    {
        _forward = true;
        RunJob();
    }

    /// <summary>The loss of the forward pass over the whole batch, on the caller; writes dLoss/dOutput.</summary>
    internal double Loss(ReadOnlySpan<float> targets)
    {
        var delta = net.OutputDelta(_batch);
        var value = loss.LossAndGradient(net.Output(_batch), targets, _batch, delta);
        Denormals.Flush(delta);
        net.BeginBackward(_batch);
        return value;
    }

    /// <summary>Phase 2: one Adam step, layer by layer from the top.</summary>
    internal void RunBackward()
    {
        _alpha = adam.BeginStep();
        _forward = false;
        for (_layer = net.Layers.Count - 1; _layer > 0; _layer--)
            RunJob();
        Update(0, 0, net.Layers[0].Inputs, _gradients[0]);
    }

    void RunJob()
    {
        if (_core is not null)
        {
            _core.Run(this);
            return;
        }
        for (var chunk = 0; chunk < Chunks; chunk++)
            RunChunk(chunk);
    }

    public void RunChunk(int chunk)
    {
        if (_forward)
        {
            var (r0, r1) = chunk == 0 ? (0, _batch / 2) : (_batch / 2, _batch);
            net.ForwardRows(_kernels, _x, _batch, r0, r1);
            return;
        }
        var inputs = net.Layers[_layer].Inputs;
        var (u0, u1) = (chunk * inputs / Chunks, (chunk + 1) * inputs / Chunks);
        // dX first: it needs these rows of W before Adam changes them.
        net.BackwardDataRows(_kernels, _batch, _layer, u0, u1);
        Update(_layer, u0, u1, _gradients[chunk]);
    }

    // dW for rows [r0, r1) of layer l into the chunk's buffer, and Adam on them; the biases with row 0.
    void Update(int l, int r0, int r1, float[] scratch)
    {
        var layer = net.Layers[l];
        var dw = scratch.AsSpan(0, (r1 - r0) * layer.Outputs);
        dw.Clear();
        net.WeightGradientRows(_kernels, _x, _batch, l, r0, r1, dw);
        adam.Update(net.Parameters, layer.WeightOffset + r0 * layer.Outputs, dw, _alpha);
        if (r0 != 0)
            return;
        var db = scratch.AsSpan(0, layer.Outputs);
        db.Clear();
        net.BiasGradient(_kernels, _batch, l, db);
        adam.Update(net.Parameters, layer.BiasOffset, db, _alpha);
    }

    // Each chunk's gradient lives in its own small buffer, used up by Adam while still in L1: the network's
    // gradient buffer would cost a round trip through L3 per step (465 KB for the seed network).
    static float[][] ChunkBuffers(Mlp net)
    {
        // A chunk's rows (at most ⌈in / chunks⌉ of a layer), or the whole first layer, which the caller updates
        // at once.
        var length = Math.Max(net.Layers[0].WeightCount,
            net.Layers.Max(l => Math.Max(l.Outputs, (l.Inputs / Math.Min(LayerChunks, l.Inputs) + 1) * l.Outputs)));
        var buffers = new float[LayerChunks][];
        for (var c = 0; c < LayerChunks; c++)
            buffers[c] = new float[length];
        return buffers;
    }
}
