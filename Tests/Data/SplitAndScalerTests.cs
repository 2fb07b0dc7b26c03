using NeuralIk.Engine.Data;
using Xunit;

namespace NeuralIk.Tests.Data;

public class SplitAndScalerTests
{
    [Fact]
    public void Seed_sized_split_is_6400_1600_2000_disjoint_and_complete()
    {
        var split = DataSplit.Create(10_000, 42);
        Assert.Equal(6400, split.Train.Length);
        Assert.Equal(1600, split.Validation.Length);
        Assert.Equal(2000, split.Test.Length);
        Assert.Equal(Enumerable.Range(0, 10_000), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        Assert.Equal(split.Test, DataSplit.Create(10_000, 42).Test);
        Assert.NotEqual(split.Test, DataSplit.Create(10_000, 43).Test);
    }

    [Fact]
    public void Scaler_maps_training_extremes_to_minus_one_and_one_and_inverts()
    {
        float[] rows = [-2f, 10f, 0.5f, 30f, 2f, 20f];
        var scaler = MinMaxScaler.Fit(rows, 2);
        Assert.Equal([-2f, 10f], scaler.Min);
        Assert.Equal([2f, 30f], scaler.Max);
        var scaled = new float[6];
        scaler.Transform(rows, scaled);
        Assert.Equal([-1f, -1f, 0.25f, 1f, 1f, 0f], scaled);
        for (var i = 0; i < rows.Length; i++)
        {
            var (lo, hi) = (scaler.Min[i % 2], scaler.Max[i % 2]);
            Assert.Equal(rows[i], lo + (scaled[i] + 1f) * 0.5f * (hi - lo), 1e-6);
        }
    }

    [Fact]
    public void Constant_column_maps_to_zero()
    {
        var scaler = MinMaxScaler.Fit([3f, 1f, 3f, 2f], 2);
        Assert.Equal(0f, scaler.Transform(0, 3f));
    }
}
