using System.Numerics.Tensors;

using NeuralIk.Engine.Tensors;

namespace NeuralIk.Kernels;

/// <summary>
/// Row-by-row products with TensorPrimitives (one axpy per scalar of the left operand): short and
/// portable, but every step streams a whole output row through memory, so it stays far from peak.
/// </summary>
public sealed class DenseTensorPrimitives : IDenseKernels
{
    public static readonly DenseTensorPrimitives Instance = new();

    public void Forward(ReadOnlySpan<float> x, int ldx, ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> bias,
        int m, int k, int n, Activation activation, Span<float> y, int ldy)
    {
        Shapes.CheckForward(x.Length, ldx, w.Length, ldw, bias.Length, m, k, n, y.Length, ldy);
        for (var i = 0; i < m; i++)
        {
            var row = y.Slice(i * ldy, n);
            RowTimesMatrix(x.Slice(i * ldx, k), w, ldw, n, bias, row);
            if (activation == Activation.Relu)
                TensorPrimitives.Max(row, 0f, row);
            else if (activation == Activation.Tanh)
                TensorPrimitives.Tanh(row, row);
        }
    }

    public void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int lddy,
        int m, int k, int n, Span<float> dw, int i0, int i1)
    {
        Shapes.CheckWeightGradient(x.Length, dy.Length, lddy, m, k, n, dw.Length, i0, i1);
        for (var i = i0; i < i1; i++)
        {
            var row = dw.Slice((i - i0) * n, n);
            for (var p = 0; p < m; p++)
                TensorPrimitives.MultiplyAdd(dy.Slice(p * lddy, n), x[p * k + i], row, row);
        }
    }

    public void BiasGradient(ReadOnlySpan<float> dy, int lddy, int m, int n, Span<float> db)
    {
        Shapes.CheckBiasGradient(dy.Length, lddy, m, n, db.Length);
        for (var p = 0; p < m; p++)
            TensorPrimitives.Add(db[..n], dy.Slice(p * lddy, n), db[..n]);
    }

    // row[n] = init[n] + Σ_p left[p] · matrix[p, ·], the rows of matrix ld apart
    static void RowTimesMatrix(ReadOnlySpan<float> left, ReadOnlySpan<float> matrix, int ld, int n,
        ReadOnlySpan<float> init, Span<float> row)
    {
        if (init.IsEmpty)
            row.Clear();
        else
            init[..n].CopyTo(row);
        for (var p = 0; p < left.Length; p++)
            TensorPrimitives.MultiplyAdd(matrix.Slice(p * ld, n), left[p], row, row);
    }
}
