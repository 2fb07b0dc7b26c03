namespace NeuralIk.Engine.Losses;

/// <summary>
/// A training loss: returns the batch loss and writes dLoss/dOutput (output[batch, outputs], target[batch,
/// targetWidth]). Its rows are independent: rows [first, first + count) alone give their share of the loss and their
/// rows of the gradient, so a training step splits the batch between two cores (the loss is the sum of the shares).
/// </summary>
public interface ILoss
{
    double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, Span<float> gradient) =>
        LossAndGradient(output, target, batch, gradient, 0, batch);

    double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, Span<float> gradient,
        int first, int count);
}

/// <summary>Plain MSE between the output and a target of the same width.</summary>
public sealed class MseLoss : ILoss
{
    public static readonly MseLoss Instance = new();

    public double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch,
        Span<float> gradient) =>
        LossAndGradient(output, target, batch, gradient, 0, batch);

    // The rows' elements, each divided by the whole batch's count.
    public double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch,
        Span<float> gradient, int first, int count)
    {
        var width = output.Length / batch;
        var (start, length) = (first * width, count * width);
        return Mse.LossAndGradient(output.Slice(start, length), target.Slice(start, length),
            gradient.Slice(start, length), output.Length);
    }
}
