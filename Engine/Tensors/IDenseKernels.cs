namespace NeuralIk.Engine.Tensors;

/// <summary>
/// The products of a dense layer with their fused epilogues. Row-major everywhere; W is [in, out].
/// dX needs no method of its own: dXᵀ = W·dZᵀ is a Forward product without bias. Every
/// implementation computes the same sums in the same order (p ascending from the initial value), so they
/// differ only by FMA rounding. The engine's own: <see cref="DenseBlocked"/>; the scalar reference and a
/// TensorPrimitives version, its benchmark peers and test oracles, live in Bench/Kernels.
/// </summary>
public interface IDenseKernels
{
    /// <summary>
    /// Y[m, n] = act(X[m, k] · W[k, n] + bias[n]) on windows of larger row-major matrices: X[i, p] = x[i·ldx + p],
    /// W[p, j] = w[p·ldw + j], Y[i, j] = y[i·ldy + j]; an empty bias means zero. A core computes its band of a layer's
    /// columns this way, and dXᵀ from that band.
    /// </summary>
    void Forward(ReadOnlySpan<float> x, int ldx, ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> bias,
        int m, int k, int n, Activation activation, Span<float> y, int ldy);

    /// <summary>
    /// dW[i, ·] += Σ_m X[m, i] · dY[m, ·] for the rows i in [i0, i1) of dW[k, n] only, dY a window
    /// (dY[p, j] = dy[p·lddy + j]); <paramref name="dw"/> holds just those rows (dW[i, j] at dw[(i − i0)·n + j]), so a
    /// caller can keep them in a small buffer.
    /// </summary>
    void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int lddy,
        int m, int k, int n, Span<float> dw, int i0, int i1);

    /// <summary>db[n] += Σ_m dY[m, n], dY a window: dY[p, j] = dy[p·lddy + j].</summary>
    void BiasGradient(ReadOnlySpan<float> dy, int lddy, int m, int n, Span<float> db);
}
