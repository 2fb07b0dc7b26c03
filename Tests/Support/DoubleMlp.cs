using NeuralIk.Engine.Model;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Tests.Support;

/// <summary>
/// An independent double-precision forward pass over the plain parameter layout (W[in, out] row-major
/// then b[out] per layer), used as the oracle for finite-difference gradients. Hidden layers apply ReLU, or tanh.
/// </summary>
public sealed class DoubleMlp(IReadOnlyList<int> sizes, double[] parameters, bool tanh = false)
{
    public double[] Parameters { get; } = parameters;

    public static DoubleMlp From(Mlp net)
    {
        var plain = new float[net.Parameters.Length];
        net.Reorder(net.Parameters, plain, toPlain: true);
        return new(net.Sizes, [.. plain.Select(p => (double)p)], net.Hidden == Activation.Tanh);
    }

    public double[] Forward(ReadOnlySpan<float> x, int batch)
    {
        var input = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
            input[i] = x[i];
        var offset = 0;
        for (var l = 0; l + 1 < sizes.Count; l++)
        {
            int k = sizes[l], n = sizes[l + 1];
            var output = new double[batch * n];
            for (var r = 0; r < batch; r++)
            {
                for (var j = 0; j < n; j++)
                {
                    var sum = Parameters[offset + k * n + j];
                    for (var p = 0; p < k; p++)
                        sum += input[r * k + p] * Parameters[offset + p * n + j];
                    output[r * n + j] = l + 2 >= sizes.Count ? sum : tanh ? Math.Tanh(sum) : Math.Max(sum, 0);
                }
            }
            offset += k * n + n;
            input = output;
        }
        return input;
    }

    public double MseLoss(ReadOnlySpan<float> x, ReadOnlySpan<float> target, int batch)
    {
        var output = Forward(x, batch);
        var sum = 0.0;
        for (var i = 0; i < output.Length; i++)
            sum += (output[i] - target[i]) * (output[i] - target[i]);
        return sum / output.Length;
    }
}
