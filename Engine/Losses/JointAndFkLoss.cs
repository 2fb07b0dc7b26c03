namespace NeuralIk.Engine.Losses;

/// <summary>
/// The solver's loss: MSE between the emitted (sin, cos) pairs and the true ones, plus
/// <see cref="FkWeight"/> times the FK position loss. Targets per row: the 4 true values, then the
/// position (x, y) the pose must reach. Without the position term the network is only taught to
/// copy labels; with it, errors are weighed by how far they move the end effector.
/// </summary>
public sealed class JointAndFkLoss(double l1, double l2, double fkWeight) : ILoss
{
    public const int TargetWidth = FkLoss.Outputs + 2;

    public double FkWeight => fkWeight;

    public double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, Span<float> gradient)
    {
        var n = batch * FkLoss.Outputs;
        var scale = 2f / n;
        var joint = 0.0;
        for (var b = 0; b < batch; b++)
        {
            for (var o = 0; o < FkLoss.Outputs; o++)
            {
                var d = output[b * FkLoss.Outputs + o] - target[b * TargetWidth + o];
                joint += (double)d * d;
                gradient[b * FkLoss.Outputs + o] = scale * d;
            }
        }
        return joint / n + fkWeight * FkLossOverRows(output, target, batch, gradient);
    }

    // The FK loss reads targets as rows of two; gather the position columns once per batch.
    double FkLossOverRows(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, Span<float> gradient)
    {
        Span<float> positions = batch <= 512 ? stackalloc float[2 * batch] : new float[2 * batch];
        for (var b = 0; b < batch; b++)
        {
            positions[2 * b] = target[b * TargetWidth + FkLoss.Outputs];
            positions[2 * b + 1] = target[b * TargetWidth + FkLoss.Outputs + 1];
        }
        return FkLoss.LossAndGradient(output, positions, batch, l1, l2, fkWeight, gradient);
    }
}
