using NeuralIk.Engine.Tensors;

namespace NeuralIk.Kernels;

/// <summary>
/// The products of <see cref="IDenseKernels"/> on whole row-major matrices: each row's stride is its width. One
/// place for every implementation, which takes windows (strides of larger matrices) only.
/// </summary>
public static class DenseKernels
{
    /// <summary>Y[m, n] = act(X[m, k] · W[k, n] + bias[n]); an empty bias means zero.</summary>
    public static void Forward(this IDenseKernels kernels, ReadOnlySpan<float> x, ReadOnlySpan<float> w,
        ReadOnlySpan<float> bias, int m, int k, int n, Activation activation, Span<float> y) =>
        kernels.Forward(x, k, w, n, bias, m, k, n, activation, y, n);

    /// <summary>dW[i, ·] += Σ_m X[m, i] · dY[m, ·] for the rows i in [i0, i1) of dW[k, n].</summary>
    public static void WeightGradient(this IDenseKernels kernels, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        int m, int k, int n, Span<float> dw, int i0, int i1) =>
        kernels.WeightGradient(x, dy, n, m, k, n, dw, i0, i1);

    /// <summary>db[n] += Σ_m dY[m, n].</summary>
    public static void BiasGradient(this IDenseKernels kernels, ReadOnlySpan<float> dy, int m, int n, Span<float> db) =>
        kernels.BiasGradient(dy, n, m, n, db);
}
