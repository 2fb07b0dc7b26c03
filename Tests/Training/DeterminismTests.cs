using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using Xunit;

namespace NeuralIk.Tests.Training;

public class DeterminismTests
{
    static byte[] TrainSolverFile(ParallelDense? twoCores, ulong seed) =>
        SolverRecipe.Train(new PlanarChain(new Arm(1.1, 0.8), JointLimits.Full), TaskBounds.PlanarPosition,
            new SolverOptions { Hidden = [32, 32], Epochs = 6, SamplesPerEpoch = 2048, Seed = seed }, twoCores)
            .Model.Serialize();

    [Fact]
    public void The_same_seed_gives_a_byte_identical_model_file_on_one_core_and_on_two()
    {
        var one = TrainSolverFile(null, 5);
        var again = TrainSolverFile(null, 5);
        using var twoCores = new ParallelDense();
        var two = TrainSolverFile(twoCores, 5);
        Assert.Equal(one, again);
        Assert.Equal(one, two);
        Assert.NotEqual(one, TrainSolverFile(null, 6));
    }

    [Fact]
    public void A_chain_model_is_byte_identical_for_the_same_seed_on_one_core_and_on_two()
    {
        static byte[] Train(ParallelDense? twoCores) =>
            SolverRecipe.Train(new PlanarChain([1.0, 0.8, 0.5], JointRange.ParseList("-3,3;-2,2;-2,2")),
                TaskBounds.PlanarPose, new SolverOptions { Hidden = [24, 24], Epochs = 4, SamplesPerEpoch = 2048,
                    Seed = 9 }, twoCores).Model.Serialize();
        var one = Train(null);
        using var twoCores = new ParallelDense();
        Assert.Equal(one, Train(twoCores));
        Assert.Equal(one, Train(null));
    }
}
