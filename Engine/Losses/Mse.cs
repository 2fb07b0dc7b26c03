namespace NeuralIk.Engine.Losses;

/// <summary>Mean squared error over all elements of a batch, as Keras' "mse".</summary>
public static class Mse
{
    /// <summary>L = Σ (p − t)² / count, accumulated in double.</summary>
    public static double Loss(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target)
    {
        Check(predicted.Length, target.Length);
        var sum = 0.0;
        for (var i = 0; i < predicted.Length; i++)
        {
            double d = predicted[i] - target[i];
            sum += d * d;
        }
        return predicted.Length == 0 ? 0.0 : sum / predicted.Length;
    }

    /// <summary>Returns L and writes dL/dp = 2 (p − t) / count.</summary>
    public static double LossAndGradient(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target,
        Span<float> gradient) =>
        LossAndGradient(predicted, target, gradient, predicted.Length);

    /// <summary>
    /// The same over a part of a batch of <paramref name="count"/> elements: Σ (p − t)² / count over the part, and
    /// its elements' gradient (a batch's parts on different cores sum to its loss).
    /// </summary>
    public static double LossAndGradient(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target,
        Span<float> gradient, int count)
    {
        Check(predicted.Length, target.Length);
        if (gradient.Length < predicted.Length)
            throw new ArgumentException($"gradient has {gradient.Length} elements, needs {predicted.Length}",
                nameof(gradient));
        var scale = 2f / count;
        var sum = 0.0;
        for (var i = 0; i < predicted.Length; i++)
        {
            var d = predicted[i] - target[i];
            sum += (double)d * d;
            gradient[i] = scale * d;
        }
        return predicted.Length == 0 ? 0.0 : sum / count;
    }

    static void Check(int predicted, int target)
    {
        if (predicted != target)
            throw new ArgumentException($"prediction has {predicted} elements, target {target}");
    }
}
