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
    // Rows of FK targets gathered on the stack at a time.
    const int Gathered = 32;
    readonly FkRows _fk;
    readonly int _fkWidth;

    // The FK loss of `rows` rows (output, target and gradient start at the first), scaled for a batch of `batch`.
    delegate double FkRows(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int rows, int batch,
        Span<float> gradient);

    /// <summary>The loss of a planar chain's network (<see cref="FkLoss"/>) or a spatial one's.</summary>
    public JointAndFkLoss(IChain chain, TaskBounds kind, double fkWeight)
    {
        (FkWeight, Outputs) = (fkWeight, 2 * chain.Count);
        if (chain is SpatialChain arm)
        {
            _fkWidth = SpatialFkLoss.TargetWidth(kind);
            _fk = (output, target, rows, batch, gradient) =>
                SpatialFkLoss.LossAndGradient(output, target, rows, arm, kind, fkWeight, gradient, batch);
        }
        else
        {
            double[] links = [.. ((PlanarChain)chain).Links];
            _fkWidth = FkLoss.TargetWidth(kind);
            _fk = (output, target, rows, batch, gradient) =>
                FkLoss.LossAndGradient(output, target, rows, links, kind, fkWeight, gradient, batch);
        }
        TargetWidth = Outputs + _fkWidth;
    }

    public double FkWeight { get; }
    public int Outputs { get; }
    public int TargetWidth { get; }

    public double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch,
        Span<float> gradient) =>
        LossAndGradient(output, target, batch, gradient, 0, batch);

    public double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch,
        Span<float> gradient, int first, int count)
    {
        var n = batch * Outputs;
        var scale = 2f / n;
        var joint = 0.0;
        for (var b = first; b < first + count; b++)
        {
            for (var o = 0; o < Outputs; o++)
            {
                var d = output[b * Outputs + o] - target[b * TargetWidth + o];
                joint += (double)d * d;
                gradient[b * Outputs + o] = scale * d;
            }
        }
        return joint / n + FkWeight * FkLossOverRows(output, target, batch, gradient, first, count);
    }

    // The FK loss reads its targets as rows of their own: gathered a few rows at a time, on the stack (a step
    // allocates nothing, and two cores may run this at once).
    double FkLossOverRows(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, Span<float> gradient,
        int first, int count)
    {
        Span<float> fk = stackalloc float[Gathered * _fkWidth];
        var loss = 0.0;
        for (var r0 = first; r0 < first + count; r0 += Gathered)
        {
            var rows = Math.Min(Gathered, first + count - r0);
            for (var b = 0; b < rows; b++)
                target.Slice((r0 + b) * TargetWidth + Outputs, _fkWidth).CopyTo(fk[(b * _fkWidth)..]);
            loss += _fk(output[(r0 * Outputs)..], fk, rows, batch, gradient[(r0 * Outputs)..]);
        }
        return loss;
    }
}
