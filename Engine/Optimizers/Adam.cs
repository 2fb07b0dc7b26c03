using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Optimizers;

/// <summary>Adam with Keras' defaults (β1 0.9, β2 0.999, ε 1e-7) over one flat parameter buffer.</summary>
public sealed class Adam
{
    readonly CacheLines _m;
    readonly CacheLines _v;

    public Adam(int parameterCount, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-7f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        _m = new CacheLines(parameterCount);
        _v = new CacheLines(parameterCount);
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public float LearningRate { get; set; }
    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }
    public long StepCount { get; private set; }
    public ReadOnlySpan<float> FirstMoment => _m.Span;
    public ReadOnlySpan<float> SecondMoment => _v.Span;

    /// <summary>
    /// Puts back moments and step count saved from an optimizer of the same size (resuming training).
    /// </summary>
    public void Restore(ReadOnlySpan<float> m, ReadOnlySpan<float> v, long steps)
    {
        if (m.Length != _m.Length || v.Length != _v.Length || steps < 0)
            throw new ArgumentException($"Adam state for {m.Length} parameters does not fit an optimizer of " +
                $"{_m.Length}");
        m.CopyTo(_m.Span);
        v.CopyTo(_v.Span);
        StepCount = steps;
    }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients) =>
        Update(parameters, 0, gradients[..parameters.Length], BeginStep());

    /// <summary>
    /// Advances the step count; returns this step's size α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ) for Update.
    /// </summary>
    public float BeginStep()
    {
        StepCount++;
        return (float)(LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, StepCount)) / (1 - Math.Pow(Beta1, StepCount)));
    }

    /// <summary>
    /// Applies the step to parameters [start, start + gradient.Length) only, given their gradient, so parts
    /// of one step can run on different cores.
    /// </summary>
    public void Update(Span<float> parameters, int start, ReadOnlySpan<float> gradient, float alpha)
    {
        var length = gradient.Length;
        AdamUpdate.Step(parameters.Slice(start, length), gradient, _m.Span.Slice(start, length),
            _v.Span.Slice(start, length), alpha, Beta1, Beta2, Epsilon);
    }
}
