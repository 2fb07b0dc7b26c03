using NeuralIk.Engine.Layers;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Optimizers;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>
/// One optimizer step as jobs, one per layer and direction, that one core runs band by band and two cores
/// share: each core owns one band of every layer's output columns (<see cref="ColumnBands"/>).
/// 1. forward, layer by layer from the bottom: each band's outputs from the whole input; then the loss, each
///    core over half the batch's rows (a spatial arm's FK loss walks the chain per row: on one core, the other
///    waited for it);
/// 2. per layer from the top: the band's rows of dZ (the shares of dX from above, added, masked), the band's
///    share of this layer's dX (before Adam changes W), then dW of the band in blocks of rows and Adam on each
///    block while it is in L1; the band's biases last. The first layer has no dX.
/// A core thus reads and updates only its own half of W and of Adam's moments, step after step (the caller
/// takes the first band, the worker the second), so they stay in its L2; only the other band's outputs and its
/// share of dX (16 KB per layer at the seed's batch) cross between cores, read once (<see cref="BandPasses"/>).
/// Every value is the same sum in the same order whoever computes it: one core and two give the same bits, so
/// <see cref="CoreChoice"/> may run any step on the caller alone where two cores are slower.
/// </summary>
internal sealed class TrainingStep(Mlp net, Adam adam, ILoss loss, SecondCore? core) : IChunkedJob
{
    // Rows of a band's dW computed and applied at a time: 32 × 128 floats is 16 KB, within L1.
    const int RowsPerUpdate = 32;
    Phase _phase;
    int _layer;
    float[] _x = [];
    float[] _targets = [];
    readonly double[] _shares = new double[ColumnBands.Cores];
    int _batch;
    float _alpha;
    IDenseKernels _kernels = DenseBlocked.Instance;
    bool _alone;
    readonly CacheLines[] _gradients = [.. Enumerable.Range(0, ColumnBands.Cores).Select(_ => BandBuffer(net))];

    public int Chunks => _phase == Phase.Loss ? _shares.Length : net.Layers[_layer].Bands.Count;

    enum Phase { Forward, Loss, Backward }

    /// <summary>Whether steps run on two cores or one (only given a second core).</summary>
    internal CoreChoice Choice { get; } = new();

    /// <summary>
    /// One step on x[batch, inputs] (the first rows of <paramref name="x"/>) and its targets; returns the batch
    /// loss before it.
    /// </summary>
    public double Run(float[] x, float[] targets, int batch)
    {
        Prepare(x, batch);
        if (core is not null)
        {
            Choice.Begin();
            _alone = !Choice.TwoCores;
        }
        RunForward();
        var value = Loss(targets);
        RunBackward();
        if (core is not null)
            Choice.End();
        return value;
    }

    /// <summary>Sets the batch for the phases (they are separately callable so benchmarks can time each one).</summary>
    internal void Prepare(float[] x, int batch)
    {
        // Inside a job the products run on one core each: the step is what is shared.
        (_x, _batch, _kernels, _alone) = (x, batch, core is null ? net.Kernels : DenseBlocked.Instance, false);
        net.Passes.EnsureCapacity(batch);
    }

    /// <summary>Phase 1.</summary>
    internal void RunForward()
    {
        _phase = Phase.Forward;
        for (_layer = 0; _layer < net.Layers.Count; _layer++)
            RunJob();
    }

    /// <summary>The loss of the forward pass over the batch (targets' first rows); writes dLoss/dOutput.</summary>
    internal double Loss(float[] targets)
    {
        (_phase, _targets) = (Phase.Loss, targets);
        RunJob();
        net.Passes.BeginBackward(_batch);
        // Summed in this order whoever computed each share: one core or two, the same bits.
        var value = 0.0;
        foreach (var share in _shares)
            value += share;
        return value;
    }

    /// <summary>Phase 2: one Adam step, layer by layer from the top.</summary>
    internal void RunBackward()
    {
        _alpha = adam.BeginStep();
        _phase = Phase.Backward;
        for (_layer = net.Layers.Count - 1; _layer >= 0; _layer--)
            RunJob();
    }

    void RunJob()
    {
        if (core is not null && !_alone)
        {
            core.Run(this);
            return;
        }
        for (var chunk = 0; chunk < Chunks; chunk++)
            RunChunk(chunk);
    }

    public void RunChunk(int band)
    {
        if (_phase == Phase.Forward)
        {
            net.Passes.Forward(_kernels, _x, _batch, _layer, band);
            return;
        }
        if (_phase == Phase.Loss)
        {
            LossShare(band);
            return;
        }
        var (j0, j1) = net.Layers[_layer].Bands[band];
        if (_layer < net.Layers.Count - 1)
            net.Passes.DeltaRows(_batch, _layer, band);
        if (_layer > 0)
            net.Passes.BackwardData(_kernels, _batch, _layer, band);
        Update(band, j0, j1);
    }

    // Rows [part · batch / parts, (part + 1) · batch / parts) of the loss and of dLoss/dOutput.
    void LossShare(int part)
    {
        var (first, end) = (part * _batch / _shares.Length, (part + 1) * _batch / _shares.Length);
        var delta = net.Passes.OutputDelta(_batch);
        _shares[part] = loss.LossAndGradient(net.Passes.Output(_batch), _targets, _batch, delta, first, end - first);
        var width = net.OutputCount;
        Denormals.Flush(delta.Slice(first * width, (end - first) * width));
    }

    // dW of the band in blocks of rows, each applied by Adam while in L1; then the band's biases.
    void Update(int band, int j0, int j1)
    {
        var layer = net.Layers[_layer];
        var (width, scratch) = (j1 - j0, _gradients[band]);
        for (var i0 = 0; i0 < layer.Inputs; i0 += RowsPerUpdate)
        {
            var i1 = Math.Min(i0 + RowsPerUpdate, layer.Inputs);
            var dw = scratch.Span.Slice(0, (i1 - i0) * width);
            dw.Clear();
            net.Passes.WeightGradient(_kernels, _x, _batch, _layer, band, i0, i1, dw);
            adam.Update(net.Parameters, layer.WeightOffset + layer.Inputs * j0 + i0 * width, dw, _alpha);
        }
        var db = scratch.Span.Slice(0, width);
        db.Clear();
        net.Passes.BiasGradient(_kernels, _batch, _layer, band, db);
        adam.Update(net.Parameters, layer.BiasOffset + j0, db, _alpha);
    }

    // A band's block of dW: at most RowsPerUpdate rows of the widest band.
    static CacheLines BandBuffer(Mlp net) => new(RowsPerUpdate * net.Layers
        .Max(l => Enumerable.Range(0, l.Bands.Count).Max(l.Bands.Width)));
}
