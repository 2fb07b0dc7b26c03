namespace NeuralIk.Engine.Tensors;

/// <summary>
/// The three products of a dense layer with their fused epilogues. Row-major everywhere; W is
/// [in, out] and Wt its transposed copy [out, in]. Every implementation computes the same sums in
/// the same order (p ascending from the initial value), so they differ only by FMA rounding.
/// </summary>
public interface IDenseKernels
{
    string Name { get; }

    /// <summary>Y[m, n] = act(X[m, k] · W[k, n] + bias[n]); act = max(·, 0) when <paramref name="relu"/>. Empty bias means zero.</summary>
    void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias,
        int m, int k, int n, bool relu, Span<float> y);

    /// <summary>dX[m, n] = (dY[m, k] · Wt[k, n]) ⊙ [mask[m, n] &gt; 0]. Empty mask means no mask.</summary>
    void BackwardData(ReadOnlySpan<float> dy, ReadOnlySpan<float> wt, ReadOnlySpan<float> mask,
        int m, int k, int n, Span<float> dx);

    /// <summary>dW[k, n] += X[m, k]ᵀ · dY[m, n]; db[n] += Σ_m dY[m, n].</summary>
    void BackwardWeights(ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        int m, int k, int n, Span<float> dw, Span<float> db);
}
