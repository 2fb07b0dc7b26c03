using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using Xunit;

namespace NeuralIk.Tests.Training;

public class DeterminismTests
{
    static byte[] TrainSolverFile(IDenseKernels kernels, ulong seed) =>
        SolverRecipe.Train(new Arm(1.1, 0.8), JointLimits.Full, new SolverOptions { Hidden = [32, 32], Epochs = 6, SamplesPerEpoch = 2048, Seed = seed }, kernels)
            .Model.Serialize();

    [Fact]
    public void The_same_seed_gives_a_byte_identical_model_file_on_one_core_and_on_two()
    {
        var one = TrainSolverFile(DenseBlocked.Instance, 5);
        var again = TrainSolverFile(DenseBlocked.Instance, 5);
        using var twoCores = new ParallelDense();
        var two = TrainSolverFile(twoCores, 5);
        Assert.Equal(one, again);
        Assert.Equal(one, two);
        Assert.NotEqual(one, TrainSolverFile(DenseBlocked.Instance, 6));
    }
}
