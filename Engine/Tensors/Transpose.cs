using System.Runtime.CompilerServices;

namespace NeuralIk.Engine.Tensors;

/// <summary>dst[cols, rows] = src[rows, cols]ᵀ, in 8×8 tiles so both sides stay within a few cache lines.</summary>
public static class Transpose
{
    const int Tile = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        Shapes.Require(src.Length, rows, cols, nameof(src));
        Shapes.Require(dst.Length, cols, rows, nameof(dst));
        for (var i0 = 0; i0 < rows; i0 += Tile)
        {
            var i1 = Math.Min(i0 + Tile, rows);
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
