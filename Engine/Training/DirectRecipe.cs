using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Trains the direct guess of an arm in space reaching poses (<see cref="DirectLayout"/>): a target alone to
/// <see cref="DefaultHeads"/> poses, each a head of one network. A target has many answers, and one network asked for
/// the pose a target was drawn from learns their average; heads trained winner-takes-all
/// (<see cref="WinnerTakesAllLoss"/>) on poses drawn within the limits and their FK each learn the answers nearest
/// them, so between them they cover the answers a target has. The solver refines them in the order of their FK error
/// (<c>IkSolver.DirectGuesses</c>). MSE on (sin, cos) per head, Adam with cosine decay, a sixteenth of the rows held
/// for validation; no solver involved, so it needs nothing else of the model. Chosen on a 7-joint arm made here, the
/// Panda, the iiwa7 and the UR5 by how often LM from the first k heads solves (Bench direct:
/// benchmarks/amd-epyc-zen3-avx2/direct-heads.md).
/// </summary>
public static class DirectRecipe
{
    /// <summary>128-128: within half a point of 256-256's solve rate from the first two heads, for a third of the pass
    /// and of the training.</summary>
    public static readonly IReadOnlyList<int> Hidden = [128, 128];
    public const int DefaultRows = 262_144;
    /// <summary>
    /// Sixteen: on the made arm 99.97 % of 10,000 targets solved within the search's budget against 99.94 % with eight,
    /// the Panda 100 % against 99.98 %, for about 1 µs more of the pass.
    /// </summary>
    public const int DefaultHeads = 16;

    /// <summary>The default schedule: 20 epochs of batches of 128.</summary>
    public static TrainingOptions Defaults(ulong seed) =>
        new() { Epochs = 20, BatchSize = 128, LearningRate = 1e-3f, Seed = seed };

    /// <summary>
    /// The direct network for <paramref name="chain"/>: <paramref name="heads"/> heads, trained on
    /// <paramref name="rows"/> poses drawn from a generator seeded by the options' seed; the same bits on one core or
    /// two.
    /// </summary>
    public static Mlp Train(SpatialChain chain, TrainingOptions options, int rows = DefaultRows,
        int heads = DefaultHeads, ParallelDense? twoCores = null, IReadOnlyList<int>? hidden = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        var layout = new DirectLayout(chain);
        var (n, width) = (chain.Count, layout.Outputs);
        var rng = new Rng(options.Seed);
        var q = new double[n];
        var (x, y) = (new float[rows * DirectLayout.Inputs], new float[rows * width]);
        for (var s = 0; s < rows; s++)
        {
            PoseSampler.Draw(chain, rng, q);
            layout.Encode(chain.Forward(q), x.AsSpan(s * DirectLayout.Inputs, DirectLayout.Inputs));
            layout.Pairs(q, y.AsSpan(s * width, width));
        }
        var cut = rows - StepRecipe.TrainingRows(rows);
        var train = new SampleSet(x[(cut * DirectLayout.Inputs)..], y[(cut * width)..], DirectLayout.Inputs, width);
        var validation = new SampleSet(x[..(cut * DirectLayout.Inputs)], y[..(cut * width)], DirectLayout.Inputs,
            width);
        var network = new Mlp([DirectLayout.Inputs, .. hidden ?? Hidden, heads * width]);
        ForwardMapRecipe.Train(network, options, train, validation, null, twoCores,
            loss: new WinnerTakesAllLoss(heads, width));
        network.Kernels = DenseBlocked.Instance;
        return network;
    }
}
