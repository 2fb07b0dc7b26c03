using NeuralIk.Engine.Layers;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A network's forward and backward passes by bands of output columns (<see cref="Dense.Bands"/>), and the
/// buffers they work in. Per layer and band: the band's outputs [batch, width], its dZ [batch, width] and dZᵀ
/// [width, batch], its share of the layer below's dXᵀ [in, batch], and its own row-major copy of the layer's
/// input [batch, in], gathered from the bands below. Each buffer is written only by the core that owns its band,
/// so two cores never write near each other (where they wrote alternate halves of shared rows, the prefetchers
/// bounced the lines between them); what crosses is read once: the other band's outputs when an input is
/// gathered, the other band's share of dXᵀ when dZ is formed. Buffers grow to the largest batch seen and are then
/// reused: a step allocates nothing.
/// </summary>
internal sealed class BandPasses(Mlp net)
{
    readonly IReadOnlyList<Dense> _layers = net.Layers;
    Buffers[][] _buffers = [];

    public int Capacity { get; private set; }

    sealed class Buffers(int batch, Dense layer, int width, bool first, bool gathers)
    {
        public readonly CacheLines Output = new(batch * width);
        public readonly CacheLines Dz = new(batch * width);
        public readonly CacheLines DzT = new(width * batch);
        public readonly CacheLines Share = new(first ? 0 : layer.Inputs * batch);
        public readonly CacheLines Input = new(gathers ? batch * layer.Inputs : 0);
    }

    /// <summary>Grows the buffers to hold a batch (allocates only when it grows).</summary>
    public void EnsureCapacity(int batch)
    {
        if (batch <= Capacity)
            return;
        _buffers = new Buffers[_layers.Count][];
        for (var l = 0; l < _layers.Count; l++)
        {
            var layer = _layers[l];
            var gathers = l > 0 && _layers[l - 1].Bands.Count > 1;
            _buffers[l] = new Buffers[layer.Bands.Count];
            for (var b = 0; b < layer.Bands.Count; b++)
                _buffers[l][b] = new Buffers(batch, layer, layer.Bands.Width(b), l == 0, gathers);
        }
        Capacity = batch;
    }

    public void Require(int batch)
    {
        if (batch > Capacity)
            throw new InvalidOperationException($"a batch of {batch} rows needs the buffers of a Forward call with " +
                "as many");
    }

    /// <summary>output[batch, outputs] of the last forward pass (the output layer is one band: row-major).</summary>
    public Span<float> Output(int batch) => _buffers[^1][0].Output.Span[..(batch * net.OutputCount)];

    /// <summary>dLoss/dOutput[batch, outputs], written before <see cref="BeginBackward"/>.</summary>
    public Span<float> OutputDelta(int batch) => _buffers[^1][0].Dz.Span[..(batch * net.OutputCount)];

    /// <summary>Band b of layer l's outputs from the layer's whole input; the layers below must be done.</summary>
    public void Forward(IDenseKernels kernels, ReadOnlySpan<float> x, int batch, int l, int b)
    {
        Require(batch);
        var layer = _layers[l];
        var (j0, j1) = layer.Bands[b];
        if (l > 0 && _layers[l - 1].Bands.Count > 1)
            Gather(batch, l, b);
        kernels.Forward(Input(x, batch, l, b), layer.Inputs, layer.BandWeights(net.Parameters, b), j1 - j0,
            net.Parameters.Slice(layer.BiasOffset + j0, j1 - j0), batch, layer.Inputs, j1 - j0, layer.Activation,
            _buffers[l][b].Output.Span[..(batch * (j1 - j0))], j1 - j0);
    }

    // Band b's copy of layer l's input: each row the bands of the layer below side by side.
    void Gather(int batch, int l, int b)
    {
        var below = _layers[l - 1];
        var input = _buffers[l][b].Input.Span;
        for (var c = 0; c < below.Bands.Count; c++)
        {
            var (j0, j1) = below.Bands[c];
            var block = _buffers[l - 1][c].Output.Span;
            for (var r = 0; r < batch; r++)
                block.Slice(r * (j1 - j0), j1 - j0).CopyTo(input.Slice(r * below.Outputs + j0, j1 - j0));
        }
    }

    // Layer l's input [batch, in] as band b reads it: x, the one band below, or b's gathered copy.
    ReadOnlySpan<float> Input(ReadOnlySpan<float> x, int batch, int l, int b)
    {
        var length = batch * _layers[l].Inputs;
        if (l == 0)
            return x[..length];
        return _layers[l - 1].Bands.Count == 1 ? _buffers[l - 1][0].Output.Span[..length]
            : _buffers[l][b].Input.Span[..length];
    }

    /// <summary>dZᵀ of the output layer from <see cref="OutputDelta"/>: what the backward pass starts from.</summary>
    public void BeginBackward(int batch)
    {
        Require(batch);
        Transpose.Run(OutputDelta(batch), batch, net.OutputCount,
            _buffers[^1][0].DzT.Span[..(net.OutputCount * batch)]);
    }

    /// <summary>
    /// Band b's dZ of layer l (below the top), in both layouts: the shares of layer l + 1's dXᵀ added in band
    /// order (so one core and two give the same bits), then layer l's ReLU mask.
    /// </summary>
    public void DeltaRows(int batch, int l, int b)
    {
        Require(batch);
        var layer = _layers[l];
        var (j0, j1) = layer.Bands[b];
        var (width, own, above) = (j1 - j0, _buffers[l][b], _buffers[l + 1]);
        var dzT = own.DzT.Span[..(width * batch)];
        above[0].Share.Span.Slice(j0 * batch, width * batch).CopyTo(dzT);
        for (var c = 1; c < above.Length; c++)
            Denormals.AddFlushed(dzT, above[c].Share.Span.Slice(j0 * batch, width * batch));
        var y = own.Output.Span[..(batch * width)];
        var dz = own.Dz.Span[..(batch * width)];
        Transpose.Masked(dzT, layer.Activation == Activation.Relu ? y : [], dz, batch, width, 0, width);
        if (layer.Activation != Activation.Tanh)
            return;
        // tanh' = 1 − y², from the outputs the forward pass kept; then dZᵀ again from dZ
        TanhRows.Backward(dz, y);
        Transpose.Run(dz, batch, width, dzT);
    }

    /// <summary>
    /// Band b's share of layer l's dXᵀ (l &gt; 0): Pᵀ[in, batch] = W[:, band] · dZᵀ[band, batch]. Must run before
    /// Adam changes the band's weights.
    /// </summary>
    public void BackwardData(IDenseKernels kernels, int batch, int l, int b)
    {
        Require(batch);
        var layer = _layers[l];
        var (j0, j1) = layer.Bands[b];
        var own = _buffers[l][b];
        kernels.Forward(layer.BandWeights(net.Parameters, b), j1 - j0, own.DzT.Span[..((j1 - j0) * batch)], batch,
            [], layer.Inputs, j1 - j0, batch, Activation.None, own.Share.Span[..(layer.Inputs * batch)], batch);
    }

    /// <summary>Adds dLoss/dW for rows [i0, i1) of band b of layer l's W into dw[i1 − i0, band width].</summary>
    public void WeightGradient(IDenseKernels kernels, ReadOnlySpan<float> x, int batch, int l, int b, int i0, int i1,
        Span<float> dw)
    {
        var layer = _layers[l];
        var (j0, j1) = layer.Bands[b];
        kernels.WeightGradient(Input(x, batch, l, b), _buffers[l][b].Dz.Span[..(batch * (j1 - j0))], j1 - j0, batch,
            layer.Inputs, j1 - j0, dw, i0, i1);
    }

    /// <summary>Adds dLoss/db for band b of layer l into db[band width].</summary>
    public void BiasGradient(IDenseKernels kernels, int batch, int l, int b, Span<float> db)
    {
        var (j0, j1) = _layers[l].Bands[b];
        kernels.BiasGradient(_buffers[l][b].Dz.Span[..(batch * (j1 - j0))], j1 - j0, batch, j1 - j0, db);
    }
}
