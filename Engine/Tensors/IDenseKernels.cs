namespace NeuralIk.Engine.Tensors;

/// <summary>
/// The products of a dense layer with their fused epilogues. Row-major everywhere; W is [in, out].
/// dX needs no method of its own: dXᵀ = W·dZᵀ is a Forward product without bias. Every
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
    /// <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, int, bool,
    /// Span{float})"/> on windows of larger row-major matrices: X[i, p] = x[i·ldx + p], W[p, j] = w[p·ldw + j],
    /// Y[i, j] = y[i·ldy + j]. A core computes its band of a layer's columns this way, and dXᵀ from that band.
    /// </summary>
    void Forward(ReadOnlySpan<float> x, int ldx, ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> bias,
        int m, int k, int n, bool relu, Span<float> y, int ldy);

    /// <summary>
    /// dW[i, ·] += Σ_m X[m, i] · dY[m, ·] for the rows i in [i0, i1) of dW[k, n] only; <paramref name="dw"/>
    /// holds just those rows (dW[i, j] at dw[(i − i0)·n + j]), so a caller can keep them in a small buffer.
    /// </summary>
    void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        int m, int k, int n, Span<float> dw, int i0, int i1);

    /// <summary>The weight gradient with dY a window: dY[p, j] = dy[p·lddy + j].</summary>
    void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int lddy,
        int m, int k, int n, Span<float> dw, int i0, int i1);

    /// <summary>db[n] += Σ_m dY[m, n].</summary>
    void BiasGradient(ReadOnlySpan<float> dy, int m, int n, Span<float> db);

    /// <summary>The bias gradient with dY a window: dY[p, j] = dy[p·lddy + j].</summary>
    void BiasGradient(ReadOnlySpan<float> dy, int lddy, int m, int n, Span<float> db);
}
