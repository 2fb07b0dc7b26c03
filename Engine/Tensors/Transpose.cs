using System.Runtime.CompilerServices;

namespace NeuralIk.Engine.Tensors;

/// <summary>dst[cols, rows] = src[rows, cols]ᵀ, in 8×8 tiles so both sides stay within a few cache lines.</summary>
public static class Transpose
{
    const int Tile = 8;

    public static void Run(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst) => Rows(src, rows, cols, dst, 0, rows);

    /// <summary>Only rows [r0, r1) of src, into columns [r0, r1) of dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst, int r0, int r1)
    {
        Shapes.Require(src.Length, rows, cols, nameof(src));
        Shapes.Require(dst.Length, cols, rows, nameof(dst));
        if (r0 < 0 || r1 > rows || r0 > r1)
            throw new ArgumentOutOfRangeException(nameof(r0), $"row range [{r0}, {r1}) is outside [0, {rows})");
        for (var i0 = r0; i0 < r1; i0 += Tile)
        {
            var i1 = Math.Min(i0 + Tile, r1);
            for (var j0 = 0; j0 < cols; j0 += Tile)
            {
                var j1 = Math.Min(j0 + Tile, cols);
                for (var i = i0; i < i1; i++)
                {
                    for (var j = j0; j < j1; j++)
                        dst[j * rows + i] = src[i * cols + j];
                }
            }
        }
    }
}
