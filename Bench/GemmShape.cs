using System.Globalization;

namespace NeuralIk.Bench;

/// <summary>One dense-layer product size: batch m, inputs k, outputs n (2·m·k·n FLOP per product).</summary>
public sealed record GemmShape(int M, int K, int N)
{
    public double Flop => 2.0 * M * K * N;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{M}x{K}x{N}");
}
