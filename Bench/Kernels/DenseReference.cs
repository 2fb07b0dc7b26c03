using NeuralIk.Engine.Tensors;

namespace NeuralIk.Kernels;

/// <summary>
/// Plain loops: the algorithmic reference every other kernel is tested and benchmarked against.
/// </summary>
public sealed class DenseReference : IDenseKernels
{
    public static readonly DenseReference Instance = new();

    public void Forward(ReadOnlySpan<float> x, int ldx, ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> bias,
        int m, int k, int n, Activation activation, Span<float> y, int ldy)
    {
        Shapes.CheckForward(x.Length, ldx, w.Length, ldw, bias.Length, m, k, n, y.Length, ldy);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = bias.IsEmpty ? 0f : bias[j];
                for (var p = 0; p < k; p++)
                    sum += x[i * ldx + p] * w[p * ldw + j];
                y[i * ldy + j] = activation switch
                {
                    Activation.Relu => MathF.Max(sum, 0f),
                    Activation.Tanh => MathF.Tanh(sum),
                    _ => sum,
                };
            }
        }
    }

    public void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int lddy,
        int m, int k, int n, Span<float> dw, int i0, int i1)
    {
        Shapes.CheckWeightGradient(x.Length, dy.Length, lddy, m, k, n, dw.Length, i0, i1);
        for (var i = i0; i < i1; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = dw[(i - i0) * n + j];
                for (var p = 0; p < m; p++)
                    sum += x[p * k + i] * dy[p * lddy + j];
                dw[(i - i0) * n + j] = sum;
            }
        }
    }

    public void BiasGradient(ReadOnlySpan<float> dy, int lddy, int m, int n, Span<float> db)
    {
        Shapes.CheckBiasGradient(dy.Length, lddy, m, n, db.Length);
        for (var j = 0; j < n; j++)
        {
            var sum = db[j];
            for (var p = 0; p < m; p++)
                sum += dy[p * lddy + j];
            db[j] = sum;
        }
    }
}
