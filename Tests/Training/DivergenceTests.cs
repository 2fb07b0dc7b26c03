using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Training;

public class DivergenceTests
{
    [Fact]
    public void A_weight_turning_NaN_stops_training_in_that_epoch_and_restores_the_best_epoch()
    {
        var rng = new Rng(91);
        var data = new SampleSet(RandomData.Uniform(rng, 2 * 256), RandomData.Uniform(rng, 2 * 256), 2, 2);
        var trainer = new Trainer(new Mlp([2, 16, 16, 2]), new TrainingOptions { Epochs = 10, Seed = 4 });
        var snapshots = new List<(double Loss, float[] Parameters)>();
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data, data, report =>
        {
            if (report.Epoch == 4)
                trainer.Network.Parameters[17] = float.NaN;
            snapshots.Add((report.ValidationLoss, trainer.Network.Parameters.ToArray()));
            return true;
        }));
        Assert.Equal(4, e.Epoch);
        var best = Enumerable.Range(0, 3).MinBy(i => snapshots[i].Loss);
        Assert.Equal(best + 1, e.BestEpoch);
        Close.BitExact("parameters after the reset", snapshots[best].Parameters, trainer.Network.Parameters);
    }

    [Fact]
    public void A_NaN_loss_in_the_first_epoch_is_reported_without_a_model()
    {
        var data = new SampleSet([1f, 2f, 3f, 4f], [float.NaN, 0f, 0f, 0f], 2, 2);
        var trainer = new Trainer(new Mlp([2, 4, 2]), new TrainingOptions { Epochs = 3 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data, data));
        Assert.Equal(1, e.Epoch);
        Assert.Null(e.BestEpoch);
        Assert.Contains("try a lower learning rate", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", e.Message, StringComparison.Ordinal);
    }
}
