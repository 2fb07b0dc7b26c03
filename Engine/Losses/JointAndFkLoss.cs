using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Losses;

/// <summary>
/// The solver's loss: MSE between the emitted (sin, cos) pairs and the true ones, plus
/// <see cref="FkWeight"/> times the FK loss of the chain. Targets per row: the 2N true values, then
/// what the pose must reach (planar: (x, y), and (cos φ, sin φ) for a full pose; spatial: the position, and the
/// rotation's x and y columns for a pose; see <see cref="SpatialFkLoss"/>). Without the FK term the
/// network is only taught to copy labels; with it, errors are weighed by how far they move the end
/// effector.
/// </summary>
public sealed class JointAndFkLoss : ILoss
{
    readonly Func<ReadOnlySpan<float>, ReadOnlySpan<float>, int, Span<float>, double> _fk;
    readonly int _fkWidth;
    float[] _rows = []; // the FK targets gathered, kept between batches: a step allocates nothing

    /// <summary>The loss of a planar chain's network (<see cref="FkLoss"/>) or a spatial one's.</summary>
    public JointAndFkLoss(IChain chain, TaskBounds kind, double fkWeight)
    {
        (FkWeight, Outputs) = (fkWeight, 2 * chain.Count);
        if (chain is SpatialChain arm)
        {
            _fkWidth = SpatialFkLoss.TargetWidth(kind);
            _fk = (output, target, batch, gradient) =>
                SpatialFkLoss.LossAndGradient(output, target, batch, arm, kind, fkWeight, gradient);
        }
        else
        {
            double[] links = [.. ((PlanarChain)chain).Links];
            _fkWidth = FkLoss.TargetWidth(kind);
            _fk = (output, target, batch, gradient) =>
                FkLoss.LossAndGradient(output, target, batch, links, kind, fkWeight, gradient);
        }
        TargetWidth = Outputs + _fkWidth;
    }

    public double FkWeight { get; }
    public int Outputs { get; }
    public int TargetWidth { get; }

    public double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch,
        Span<float> gradient)
    {
        var n = batch * Outputs;
        var scale = 2f / n;
        var joint = 0.0;
        for (var b = 0; b < batch; b++)
        {
            for (var o = 0; o < Outputs; o++)
            {
                var d = output[b * Outputs + o] - target[b * TargetWidth + o];
                joint += (double)d * d;
                gradient[b * Outputs + o] = scale * d;
            }
        }
        return joint / n + FkWeight * FkLossOverRows(output, target, batch, gradient);
    }

    // The FK loss reads its targets as rows of their own; gather those columns once per batch.
    double FkLossOverRows(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, Span<float> gradient)
    {
        var size = _fkWidth * batch;
        if (_rows.Length < size)
            _rows = new float[size];
        var fk = _rows.AsSpan(0, size);
        for (var b = 0; b < batch; b++)
            target.Slice(b * TargetWidth + Outputs, _fkWidth).CopyTo(fk[(b * _fkWidth)..]);
        return _fk(output, fk, batch, gradient);
    }
}
