using NeuralIk.Engine.Tensors;
using Xunit;

namespace NeuralIk.Tests.Tensors;

/// <summary>The tiled transpose against its definition, dst[j, i] = src[i, j], over shapes that hit every edge.</summary>
public class TransposeTests
{
    [Theory]
    [InlineData(256, 256, 0, 256)]
    [InlineData(256, 128, 32, 64)]
    [InlineData(13, 29, 0, 13)]
    [InlineData(17, 8, 3, 14)]
    [InlineData(2, 256, 1, 2)]
    [InlineData(128, 2, 0, 128)]
    [InlineData(9, 9, 4, 4)]
    public void Rows_writes_exactly_their_columns_of_the_transpose(int rows, int cols, int r0, int r1)
    {
        var src = new float[rows * cols];
        for (var i = 0; i < src.Length; i++)
            src[i] = i + 0.5f;
        var dst = Enumerable.Repeat(-1f, rows * cols).ToArray();
        Transpose.Rows(src, rows, cols, dst, r0, r1);
        for (var j = 0; j < cols; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                var expected = i >= r0 && i < r1 ? src[i * cols + j] : -1f;
                Assert.True(expected == dst[j * rows + i], $"dst[{j}, {i}] = {dst[j * rows + i]}, expected {expected}");
            }
        }
    }
}
