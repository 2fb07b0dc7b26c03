using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Trains the learned step of an arm in space (<see cref="StepLayout"/>): fixed rows, each a pose drawn within the
/// limits and a posture within r of it (every joint moved by up to r, r log-uniform from
/// <see cref="Nearest"/> to <see cref="Farthest"/> rad, so every scale of error is seen; for a redundant arm, the
/// move kept across its self-motion), labelled with the change to the pose over the error's size; MSE, Adam with
/// cosine decay to a thousandth, a sixteenth held for validation. The choices were measured: Bench step-guess
/// (benchmarks/*/step-guess.md) and benchmarks/*/learned-step.md.
/// </summary>
public static class StepRecipe
{
    public const double Nearest = 0.005, Farthest = 0.5;

    /// <summary>The defaults: 128-128-128 (nearly the steps of 256 wide for a quarter of the multiply-adds),
    /// 262,144 rows, 60 epochs of batch 128, lr 1e-3 (a solver's defaults train 120: six steps near a posture on
    /// the iiwa7 4.6 mm, 1.18° after 60, 2.4 mm, 0.60° after 120; batch 256 was no better).</summary>
    public static readonly IReadOnlyList<int> Hidden = [128, 128, 128];
    public const int DefaultRows = 262_144;

    /// <summary>The step network for <paramref name="chain"/>, the same bits on one core or two.</summary>
    public static Mlp Train(SpatialChain chain, TrainingOptions options, int rows = DefaultRows,
        IReadOnlyList<int>? hidden = null, ParallelDense? twoCores = null)
    {
        var layout = new StepLayout(chain);
        var (n, width) = (layout.Joints, layout.Inputs);
        var rng = new Rng(options.Seed);
        var (x, y) = (new float[rows * width], new float[rows * n]);
        var (q, posture, offset) = (new double[n], new double[n], new double[n]);
        for (var s = 0; s < rows; s++)
        {
            PoseSampler.Draw(chain, rng, q);
            var r = Farthest * Math.Exp(rng.Uniform(Math.Log(Nearest / Farthest), 0));
            for (var j = 0; j < n; j++)
                offset[j] = rng.Uniform(-r, r);
            AcrossSelfMotion(chain, q, offset);
            for (var j = 0; j < n; j++)
                posture[j] = q[j] + offset[j];
            chain.Project(posture);
            var size = Math.Max(layout.Encode(chain.Forward(q), posture, chain.Forward(posture),
                x.AsSpan(s * width, width)), 1e-12);
            for (var j = 0; j < n; j++)
                y[s * n + j] = (float)(Angles.Wrap(q[j] - posture[j]) / size);
        }
        var cut = rows - TrainingRows(rows);
        var train = new SampleSet(x[(cut * width)..], y[(cut * n)..], width, n);
        var validation = new SampleSet(x[..(cut * width)], y[..(cut * n)], width, n);
        var network = new Mlp([width, .. hidden ?? Hidden, n]);
        network.InitializeGlorot(new Rng(options.Seed + 1));
        ForwardMapRecipe.Train(network, options, train, validation, null, twoCores);
        network.Kernels = DenseBlocked.Instance;
        return network;
    }

    // Keeps the part of offset[N] that moves the tip: its projection on the row space of J[6, N] at q (modified
    // Gram–Schmidt on the rows). The rest moves along the self-motion of a redundant arm, where every posture reaches
    // the pose: without it, one (target, posture) would be labelled with many answers and the network would learn
    // their average, off the answers (60 epochs, five steps near a posture, iiwa7: 10.6 mm, 2.47° with it left in,
    // 7.0 mm, 1.79° without).
    internal static void AcrossSelfMotion(SpatialChain chain, double[] q, Span<double> offset)
    {
        var n = q.Length;
        if (n <= 6)
            return;
        Span<double> rows = stackalloc double[6 * n];
        chain.Jacobian(q, rows);
        var rank = 0;
        for (var r = 0; r < 6; r++)
        {
            var v = rows.Slice(r * n, n);
            for (var b = 0; b < rank; b++)
            {
                var u = rows.Slice(b * n, n);
                var d = Dot(v, u);
                for (var k = 0; k < n; k++)
                    v[k] -= d * u[k];
            }
            var norm = Math.Sqrt(Dot(v, v));
            if (norm < 1e-9)
                continue;
            var kept = rows.Slice(rank * n, n);
            for (var k = 0; k < n; k++)
                kept[k] = v[k] / norm;
            rank++;
        }
        Span<double> projected = stackalloc double[n];
        projected.Clear();
        for (var b = 0; b < rank; b++)
        {
            var u = rows.Slice(b * n, n);
            var d = Dot(offset, u);
            for (var k = 0; k < n; k++)
                projected[k] += d * u[k];
        }
        projected.CopyTo(offset);
    }

    static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var k = 0; k < a.Length; k++)
            sum += a[k] * b[k];
        return sum;
    }

    /// <summary>The rows of <paramref name="rows"/> that train (a sixteenth is held for validation).</summary>
    public static int TrainingRows(int rows) => rows - rows / 16;

    /// <summary>The default schedule.</summary>
    public static TrainingOptions Defaults(ulong seed) =>
        new() { Epochs = 60, BatchSize = 128, LearningRate = 1e-3f, Seed = seed };
}
