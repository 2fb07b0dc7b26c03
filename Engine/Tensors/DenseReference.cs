namespace NeuralIk.Engine.Tensors;

/// <summary>
/// Plain loops: the algorithmic reference every other kernel is tested and benchmarked against.
/// </summary>
public sealed class DenseReference : IDenseKernels
{
    public static readonly DenseReference Instance = new();

    public string Name => "reference";

    public void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias,
        int m, int k, int n, bool relu, Span<float> y)
    {
        Shapes.CheckForward(x.Length, w.Length, bias.Length, m, k, n, y.Length);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = bias.IsEmpty ? 0f : bias[j];
                for (var p = 0; p < k; p++)
                    sum += x[i * k + p] * w[p * n + j];
                y[i * n + j] = relu ? MathF.Max(sum, 0f) : sum;
            }
        }
    }

    public void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        int m, int k, int n, Span<float> dw, int i0, int i1)
    {
        Shapes.CheckWeightGradient(x.Length, dy.Length, m, k, n, dw.Length, i0, i1);
        for (var i = i0; i < i1; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = dw[(i - i0) * n + j];
                for (var p = 0; p < m; p++)
                    sum += x[p * k + i] * dy[p * n + j];
                dw[(i - i0) * n + j] = sum;
            }
        }
    }

    public void BiasGradient(ReadOnlySpan<float> dy, int m, int n, Span<float> db)
    {
        Shapes.CheckBiasGradient(dy.Length, m, n, db.Length);
        for (var j = 0; j < n; j++)
        {
            var sum = db[j];
            for (var p = 0; p < m; p++)
                sum += dy[p * n + j];
            db[j] = sum;
        }
    }
}
