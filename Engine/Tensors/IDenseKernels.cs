namespace NeuralIk.Engine.Tensors;

/// <summary>
/// The products of a dense layer with their fused epilogues. Row-major everywhere; W is [in, out].
/// dX needs no method of its own: dXᵀ = W·dZᵀ is a <see cref="Forward"/> product without bias. Every
/// implementation computes the same sums in the same order (p ascending from the initial value), so they
/// differ only by FMA rounding.
/// </summary>
public interface IDenseKernels
{
    string Name { get; }

    /// <summary>
    /// Y[m, n] = act(X[m, k] · W[k, n] + bias[n]); act = max(·, 0) when <paramref name="relu"/>. Empty bias means zero.
    /// </summary>
    void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias,
        int m, int k, int n, bool relu, Span<float> y);

    /// <summary>
    /// dW[i, ·] += Σ_m X[m, i] · dY[m, ·] for the rows i in [i0, i1) of dW[k, n] only; <paramref name="dw"/>
    /// holds just those rows (dW[i, j] at dw[(i − i0)·n + j]), so a caller can keep them in a small buffer.
    /// </summary>
    void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        int m, int k, int n, Span<float> dw, int i0, int i1);

    /// <summary>db[n] += Σ_m dY[m, n].</summary>
    void BiasGradient(ReadOnlySpan<float> dy, int m, int n, Span<float> db);
}
