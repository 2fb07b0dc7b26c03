using NeuralIk.Engine.Tensors;
using Xunit;

namespace NeuralIk.Tests.Tensors;

/// <summary>The tiled transposes against their definitions, over shapes that hit every tile edge.</summary>
public class TransposeTests
{
    [Theory]
    [InlineData(256, 256)]
    [InlineData(13, 29)]
    [InlineData(32, 2)]
    [InlineData(2, 32)]
    [InlineData(8, 8)]
    [InlineData(1, 1)]
    public void Run_is_the_transpose(int rows, int cols)
    {
        var src = Enumerable.Range(0, rows * cols).Select(i => i + 0.5f).ToArray();
        var dst = new float[rows * cols];
        Transpose.Run(src, rows, cols, dst);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
                Assert.True(src[i * cols + j] == dst[j * rows + i], $"dst[{j}, {i}] = {dst[j * rows + i]}");
        }
    }

    [Theory]
    [InlineData(32, 256, 0, 256, true)]
    [InlineData(32, 128, 16, 48, true)]
    [InlineData(13, 29, 3, 21, true)]
    [InlineData(16, 24, 8, 16, false)]
    [InlineData(9, 9, 4, 4, true)]
    public void Masked_writes_the_kept_values_in_both_layouts_for_its_rows_only(int m, int n, int i0, int i1,
        bool withMask)
    {
        // dxT[n, m]; mask and dz [m, n]. Mask values: positive, zero, negative and NaN (NaN drops, as ReLU's test
        // does).
        var dxT = Enumerable.Range(0, n * m).Select(i => i + 0.25f).ToArray();
        var original = dxT.ToArray();
        float[] levels = [1f, 0f, -1f, float.NaN, 2f];
        var mask = withMask ? Enumerable.Range(0, m * n).Select(i => levels[i * 7 % 5]).ToArray() : [];
        var dz = Enumerable.Repeat(-9f, m * n).ToArray();
        Transpose.Masked(dxT, mask, dz, m, n, i0, i1);
        for (var i = 0; i < n; i++)
        {
            for (var r = 0; r < m; r++)
            {
                var inside = i >= i0 && i < i1;
                var kept = !withMask || mask[r * n + i] > 0f ? original[i * m + r] : 0f;
                Assert.True((inside ? kept : original[i * m + r]) == dxT[i * m + r],
                    $"dxT[{i}, {r}] = {dxT[i * m + r]}");
                Assert.True((inside ? kept : -9f) == dz[r * n + i], $"dz[{r}, {i}] = {dz[r * n + i]}");
            }
        }
    }
}
