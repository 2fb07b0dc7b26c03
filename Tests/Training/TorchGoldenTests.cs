using NeuralIk.Engine.Model;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using Xunit;

namespace NeuralIk.Tests.Training;

/// <summary>
/// Training against PyTorch: the same toy set, initial weights and batch order, with PyTorch doing the forward pass,
/// MSE, backward and Adam (Bench/peers/golden_losses.py prints these figures). The losses agree to float rounding
/// (about 1e-8 relative; the test allows 1e-6), so a wrong gradient, a wrong Adam constant or a step on the wrong
/// rows fails the test, on one core and on two.
/// </summary>
public class TorchGoldenTests
{
    // Printed by Bench/peers/golden_losses.py with torch 1.13 (Debian bookworm's python3-torch), one thread.
    static readonly double[] TorchTrain = [0.37199256840465195, 0.26414719807406944, 0.18072741154393646,
        0.12420540784702265];
    static readonly double[] TorchValidation = [0.35938136743536486, 0.2510633997295131, 0.16514567224356494,
        0.10424067731039886];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Losses_follow_PyTorch_on_the_same_run(int cores)
    {
        using var twoCores = cores == 2 ? new ParallelDense() : null;
        var trainer = new Trainer(new Mlp([2, 64, 96, 2]),
            new TrainingOptions { Epochs = 4, BatchSize = 32, Seed = 7 }, twoCores?.Core);
        var history = trainer.Fit(TrainerTests.Toy(256, 3), TrainerTests.Toy(64, 4)).History;
        Assert.Equal(TorchTrain.Length, history.Count);
        for (var e = 0; e < history.Count; e++)
        {
            Assert.Equal(TorchTrain[e], history[e].TrainLoss, 1e-6 * TorchTrain[e]);
            Assert.Equal(TorchValidation[e], history[e].ValidationLoss, 1e-6 * TorchValidation[e]);
        }
    }
}
