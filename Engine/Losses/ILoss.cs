namespace NeuralIk.Engine.Losses;

/// <summary>
/// A training loss: returns the batch loss and writes dLoss/dOutput (output[batch, outputs], target[batch,
/// targetWidth]).
/// </summary>
public interface ILoss
{
    double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, Span<float> gradient);
}

/// <summary>Plain MSE between the output and a target of the same width.</summary>
public sealed class MseLoss : ILoss
{
    public static readonly MseLoss Instance = new();

    public double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch,
        Span<float> gradient) =>
        Mse.LossAndGradient(output, target[..output.Length], gradient);
}
