using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Layers;

/// <summary>
/// The training's two-core plan for one layer, and the one place that states it: the output columns cut into one
/// band per core where the layer is wide enough to share, else one band (the linear output layer stays one: its
/// output is the loss's input, row-major). <see cref="Dense"/> lays W out by these bands,
/// <see cref="Model.BandPasses"/> keeps a band's buffers apart from the other's, and a training step gives each core
/// one band (<see cref="Training.TrainingStep"/>). Bands end on 16-float (64-byte) boundaries, so every block and
/// every band of a row-major activation starts on a cache line.
/// </summary>
public readonly record struct ColumnBands
{
    /// <summary>Cores a training step is planned for: one band each.</summary>
    public const int Cores = 2;
    // Below this many columns a band is too small to be worth handing to the other core.
    const int MinimumShared = 64;
    const int LineFloats = 16;
    readonly int _outputs;
    readonly int _split;

    public ColumnBands(int outputs, Activation activation)
    {
        _outputs = outputs;
        _split = activation != Activation.None && outputs >= MinimumShared
            ? outputs / (LineFloats * Cores) * LineFloats : outputs;
    }

    public int Count => _split == _outputs ? 1 : Cores;

    /// <summary>Columns [start, end) of band b.</summary>
    public (int Start, int End) this[int b] => b == 0 ? (0, _split) : (_split, _outputs);

    /// <summary>Columns in band b.</summary>
    public int Width(int b) => this[b].End - this[b].Start;

    /// <summary>The band column j lies in.</summary>
    public int Of(int j) => j < _split ? 0 : 1;
}
