using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Trains the direct guess of an arm in space reaching poses (<see cref="DirectLayout"/>): a target alone to the pose
/// the solver's refinement ends at from there. A target has many answers, and a network asked for the pose a target
/// was drawn from learns their average; asked for the answer its own guess refines to, it learns one answer per
/// target, the one nearest where it already points. So the labels come from the solver
/// (<see cref="IDirectLabels"/>, given by the caller): the first round's from the model's guess and learned steps
/// from the middle of the limits, each later round's from the last round's direct guess, refined; a target the
/// refinement misses is left out. Each round trains a fresh network on the same targets: MSE on (sin, cos), Adam
/// with cosine decay, a sixteenth held for validation. Chosen on the iiwa7 by the LM iterations from the guess
/// (Bench direct: benchmarks/amd-epyc-zen3-avx2/direct-guess.md), each worth about 1.3 µs against the pass.
/// </summary>
public static class DirectRecipe
{
    /// <summary>
    /// 128-128: 4.45 iterations from its guess for a pass of about 1 µs, where 256-256 saved 0.05 of an iteration
    /// for three times the pass and 64-64 cost 0.75 more.
    /// </summary>
    public static readonly IReadOnlyList<int> Hidden = [128, 128];
    public const int DefaultRows = 131_072;
    public const int DefaultRounds = 2;

    /// <summary>The default schedule of each round: 60 epochs (30 left 0.25 of an iteration more; three rounds of 40,
    /// 0.08 more).</summary>
    public static TrainingOptions Defaults(ulong seed) =>
        new() { Epochs = 60, BatchSize = 128, LearningRate = 1e-3f, Seed = seed };

    /// <summary>
    /// The direct network for <paramref name="chain"/> after <paramref name="rounds"/> rounds, the same bits on one
    /// core or two (the labels too: each row's is its own).
    /// </summary>
    public static Mlp Train(SpatialChain chain, IDirectLabels source, TrainingOptions options, int rows = DefaultRows,
        int rounds = DefaultRounds, ParallelDense? twoCores = null, IReadOnlyList<int>? hidden = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        var layout = new DirectLayout(chain);
        var n = chain.Count;
        var rng = new Rng(options.Seed);
        var (q, targets) = (new double[n], new Frame[rows]);
        var x = new float[rows * DirectLayout.Inputs];
        for (var s = 0; s < rows; s++)
        {
            PoseSampler.Draw(chain, rng, q);
            targets[s] = chain.Forward(q);
            layout.Encode(targets[s], x.AsSpan(s * DirectLayout.Inputs, DirectLayout.Inputs));
        }
        var cut = rows - StepRecipe.TrainingRows(rows);
        Mlp? network = null;
        for (var round = 0; round < rounds; round++)
        {
            var labels = new Labels(layout, source, targets, x, network);
            if (twoCores is null)
            {
                for (var c = 0; c < labels.Chunks; c++)
                    labels.RunChunk(c);
            }
            else
            {
                twoCores.Core.Run(labels);
            }
            var (train, validation) = labels.Kept(cut);
            network = new Mlp([DirectLayout.Inputs, .. hidden ?? Hidden, layout.Outputs]);
            ForwardMapRecipe.Train(network, options, train, validation, null, twoCores);
            network.Kernels = DenseBlocked.Instance;
        }
        return network!;
    }

    // Each row's label: its start (the answers' for the first round, the last network's guess from the row's inputs
    // after), refined; a row whose refinement misses is left out (the pose its target was drawn from may be another
    // answer than its neighbours'). Chunks of rows, any core.
    sealed class Labels(DirectLayout layout, IDirectLabels source, Frame[] targets, float[] x, Mlp? last)
        : IChunkedJob
    {
        const int Rows = 1024;

        public float[] Y { get; } = new float[targets.Length * layout.Outputs];
        public bool[] Missed { get; } = new bool[targets.Length];
        public int Chunks => (targets.Length + Rows - 1) / Rows;

        public void RunChunk(int chunk)
        {
            Span<double> q = stackalloc double[layout.Joints];
            Span<float> output = stackalloc float[layout.Outputs];
            var scratch = last is null ? [] : new float[last.InferScratchLength(1)];
            for (var s = chunk * Rows; s < Math.Min(targets.Length, (chunk + 1) * Rows); s++)
            {
                if (last is null)
                {
                    source.Start(targets[s], q);
                }
                else
                {
                    last.Infer(x.AsSpan(s * DirectLayout.Inputs, DirectLayout.Inputs), 1, output, scratch);
                    layout.Decode(output, q);
                }
                Missed[s] = !source.Refine(targets[s], q);
                layout.Pairs(q, Y.AsSpan(s * layout.Outputs, layout.Outputs));
            }
        }

        // The rows whose refinement reached the target, those among the first `cut` held for validation.
        public (SampleSet Train, SampleSet Validation) Kept(int cut)
        {
            var all = new SampleSet(x, Y, DirectLayout.Inputs, layout.Outputs);
            var kept = Enumerable.Range(0, targets.Length).Where(s => !Missed[s]).ToArray();
            var held = kept.Count(s => s < cut);
            SampleSet Rows(ReadOnlySpan<int> rows)
            {
                var (rx, ry) = (new float[rows.Length * all.InputCount], new float[rows.Length * all.OutputCount]);
                all.Gather(rows, rx, ry);
                return new SampleSet(rx, ry, all.InputCount, all.OutputCount);
            }
            return (Rows(kept.AsSpan(held)), Rows(kept.AsSpan(0, held)));
        }
    }
}
