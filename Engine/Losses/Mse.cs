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
        Span<float> gradient)
    {
        Check(predicted.Length, target.Length);
        if (gradient.Length < predicted.Length)
            throw new ArgumentException($"gradient has {gradient.Length} elements, needs {predicted.Length}",
                nameof(gradient));
        var scale = 2f / predicted.Length;
        for (var i = 0; i < predicted.Length; i++)
            gradient[i] = scale * (predicted[i] - target[i]);
        return Loss(predicted, target);
    }

    static void Check(int predicted, int target)
    {
        if (predicted != target)
            throw new ArgumentException($"prediction has {predicted} elements, target {target}");
    }
}
