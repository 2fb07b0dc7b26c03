using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Model;

/// <summary>
/// The direct guess of an arm in space: its encoding against the frame's values by hand, its file round trip and
/// refusals, its training (labels where the refinement ends, the same bits on one core and two), and the search's
/// first candidate.
/// </summary>
public class DirectTests : TempFolder
{
    [Fact]
    public void The_layout_encodes_the_target_seen_from_the_base()
    {
        var (arm, mounted) = (TestRobots.Named("iiwa7"), TestRobots.Named("iiwa7-mounted"));
        var (layout, seen) = (new DirectLayout(arm), new DirectLayout(mounted));
        var target = Frame.FromXyzRpy(new Vec3(0.3, -0.2, 0.5), 0.4, -0.3, 1.2);
        var row = new float[DirectLayout.Inputs];
        layout.Encode(target, row);
        var (x, y, z) = (target.Axis(0), target.Axis(1), target.Axis(2));
        double[] hand =
            [0.3 / arm.Reach, -0.2 / arm.Reach, 0.5 / arm.Reach, x.X, x.Y, x.Z, y.X, y.Y, y.Z, z.X, z.Y, z.Z];
        Assert.Equal(hand.Select(v => (float)v), row);
        var (q, mountedRow) = (new double[7], new float[DirectLayout.Inputs]);
        var rng = new Rng(3);
        for (var trial = 0; trial < 20; trial++)
        {
            PoseSampler.Draw(arm, rng, q);
            layout.Encode(arm.Forward(q), row);
            seen.Encode(mounted.Forward(q), mountedRow);
            Assert.All(Enumerable.Range(0, row.Length), c => Assert.Equal(row[c], mountedRow[c], 1e-5));
        }
    }

    [Fact]
    public void The_file_keeps_the_direct_guess_and_the_search_starts_from_it()
    {
        var chain = TestRobots.Named("ur5-dh");
        var options = new SolverOptions { Hidden = [16], Epochs = 1, SamplesPerEpoch = 256, BatchSize = 64 };
        var (pose, _) = SolverRecipe.Train(chain, TaskBounds.Pose, options);
        var (position, _) = SolverRecipe.Train(chain, TaskBounds.Position, options);
        Assert.Null(pose.Direct);
        var direct = new Mlp([DirectLayout.Inputs, 16, 12]);
        direct.InitializeGlorot(new Rng(4));
        var path = In("direct.safetensors");
        pose.WithDirect(direct).Save(path);
        var loaded = IkModel.Load(path);
        Close.BitExact("direct network", direct, loaded.Direct!);
        Assert.Contains("does not fit", Assert.Throws<ArgumentException>(() => pose.WithDirect(new Mlp([9, 8, 12])))
            .Message, StringComparison.Ordinal);
        Assert.Contains("poses", Assert.Throws<ArgumentException>(() => position.WithDirect(direct)).Message,
            StringComparison.Ordinal);
        // One candidate only: the answer (or the best miss) carries the raw guess it was refined from.
        var solver = new IkSolver(loaded, weights: InferenceWeights.Fp32);
        Assert.False(new IkSolver(pose).GuessDirect(Frame.Identity, new double[6]));
        var expected = new double[6];
        var rng = new Rng(5);
        for (var trial = 0; trial < 10; trial++)
        {
            var target = chain.Forward([.. chain.Ranges.Select(r =>
                rng.Uniform(Math.Max(r.Lo, -3), Math.Min(r.Hi, 3)))]);
            Assert.True(solver.GuessDirect(target, expected));
            var solution = solver.Solve(target, new SolveOptions { Answers = 1, Stop = StopRule.After(1) });
            Assert.Equal(expected, solution.Answers[0].Guess.ToArray());
        }
    }

    // Labels from a source whose refinement ends at one posture c, or, for about half the targets (by a bit of their
    // position), misses and leaves another posture: the network learns c for every target, which it could not if the
    // labels were the poses the targets were drawn from, or if the missed rows were kept.
    [Fact]
    public void The_labels_are_where_the_refinement_ends_and_the_bits_do_not_depend_on_the_cores()
    {
        var chain = TestRobots.Named("ur5-dh");
        double[] c = [0.5, -1.0, 1.5, -0.5, 1.0, 2.0];
        var options = DirectRecipe.Defaults(6) with { Epochs = 40, BatchSize = 64 };
        var one = DirectRecipe.Train(chain, new Constant(c), options, 2048);
        using var twoCores = new ParallelDense();
        var two = DirectRecipe.Train(chain, new Constant(c), options, 2048, twoCores: twoCores);
        Close.BitExact("direct network", one, two);
        var layout = new DirectLayout(chain);
        var (row, output, q, drawn) = (new float[DirectLayout.Inputs], new float[12], new double[6], new double[6]);
        var rng = new Rng(7);
        for (var trial = 0; trial < 20; trial++)
        {
            PoseSampler.Draw(chain, rng, drawn);
            layout.Encode(chain.Forward(drawn), row);
            one.Infer(row, 1, output, new float[one.InferScratchLength(1)]);
            layout.Decode(output, q);
            Assert.All(Enumerable.Range(0, 6), j => Assert.True(Math.Abs(Angles.Wrap(q[j] - c[j])) < 0.1,
                $"trial {trial}, joint {j}: {q[j]:F3} against {c[j]}"));
        }
    }

    sealed class Constant(double[] c) : IDirectLabels
    {
        public void Start(Frame target, Span<double> q) => q.Clear();

        public bool Refine(Frame target, Span<double> q)
        {
            var missed = (BitConverter.DoubleToInt64Bits(target.P.X) & 1) == 1;
            for (var j = 0; j < q.Length; j++)
                q[j] = missed ? -c[j] : c[j];
            return !missed;
        }
    }
}
