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
/// refusals, its training (heads apart, the same bits on one core and two), the search's first candidates, and the
/// heads that stopped short refined on.
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
        var direct = new Mlp([DirectLayout.Inputs, 16, 36]);
        direct.InitializeGlorot(new Rng(4));
        var path = In("direct.safetensors");
        pose.WithDirect(direct).Save(path);
        var loaded = IkModel.Load(path);
        Close.BitExact("direct network", direct, loaded.Direct!);
        Assert.Contains("does not fit", Assert.Throws<ArgumentException>(() => pose.WithDirect(new Mlp([9, 8, 12])))
            .Message, StringComparison.Ordinal);
        Assert.Contains("does not fit", Assert.Throws<ArgumentException>(() => pose.WithDirect(new Mlp([12, 8, 13])))
            .Message, StringComparison.Ordinal);
        Assert.Contains("poses", Assert.Throws<ArgumentException>(() => position.WithDirect(direct)).Message,
            StringComparison.Ordinal);
        // The heads in the order of their FK error; the first candidate the first head, the first three the heads:
        // the answer (or the best miss) carries the raw guess it was refined from.
        var solver = new IkSolver(loaded, weights: InferenceWeights.Fp32);
        Assert.False(new IkSolver(pose).GuessDirect(Frame.Identity, new double[6]));
        Assert.Equal(0, new IkSolver(pose).DirectGuesses(Frame.Identity, new double[6]));
        var (expected, heads) = (new double[6], new double[18]);
        var rng = new Rng(5);
        for (var trial = 0; trial < 10; trial++)
        {
            var target = chain.Forward([.. chain.Ranges.Select(r =>
                rng.Uniform(Math.Max(r.Lo, -3), Math.Min(r.Hi, 3)))]);
            Assert.True(solver.GuessDirect(target, expected));
            Assert.Equal(3, solver.DirectGuesses(target, heads));
            var errors = Enumerable.Range(0, 3).Select(h => FkError(chain, target, heads.AsSpan(6 * h, 6))).ToArray();
            Assert.Equal(errors.Order(), errors);
            Assert.Equal(expected, heads[..6]);
            var first = solver.Solve(target, new SolveOptions { Answers = 1, Stop = StopRule.After(1) });
            Assert.Equal(expected, first.Answers[0].Guess.ToArray());
            var three = solver.Solve(target, new SolveOptions { Answers = 1, Stop = StopRule.After(3) });
            var guess = three.Answers[0].Guess.ToArray();
            Assert.Contains(Enumerable.Range(0, 3), h => heads.AsSpan(6 * h, 6).SequenceEqual(guess));
        }
    }

    // Where every head stops short after its first LM steps, the closest is refined on before any reference: the
    // candidate after the heads starts where the heads' search left its best miss (the oracle: that miss, from a
    // search cut after the heads), and a target it solves carries that pose as its guess.
    [Fact]
    public void Where_every_head_stops_short_the_closest_is_refined_on_first()
    {
        var chain = TestRobots.Named("ur5-dh");
        var direct = new Mlp([DirectLayout.Inputs, 16, 36]);
        direct.InitializeGlorot(new Rng(4));
        var solver = new IkSolver(TrainedPose(chain).WithDirect(direct), weights: InferenceWeights.Fp32);
        var (rng, q, resumed) = (new Rng(9), new double[6], 0);
        for (var trial = 0; trial < 60; trial++)
        {
            PoseSampler.Draw(chain, rng, q);
            var target = chain.Forward(q);
            var heads = solver.Solve(target, new SolveOptions { Answers = 1, Stop = StopRule.After(3) });
            var next = solver.Solve(target, new SolveOptions { Answers = 1, Stop = StopRule.After(4) });
            if (heads.Status == SolveStatus.Ok || next.Status != SolveStatus.Ok)
                continue;
            Assert.Equal(heads.Answers[0].Theta.ToArray(), next.Answers[0].Guess.ToArray());
            resumed++;
        }
        Assert.True(resumed >= 10, $"{resumed} of 60 targets solved by the closest stopped head refined on");
    }

    static double FkError(SpatialChain chain, Frame target, ReadOnlySpan<double> q)
    {
        var at = chain.Forward(q);
        var angle = (target * at.Transposed).RotationVector().Length;
        return (at.P - target.P).Length + chain.Reach * 2 * Math.Sin(angle / 2);
    }

    // Two heads, same bits on one core or two; each head's output a pose (sin, cos pairs of unit length: trained on
    // poses drawn); and the heads apart: winner-takes-all leaves them on different answers, where a network asked for
    // the pose each target was drawn from learns their average.
    [Fact]
    public void The_heads_learn_poses_apart_and_the_bits_do_not_depend_on_the_cores()
    {
        var chain = TestRobots.Named("ur5-dh");
        var options = DirectRecipe.Defaults(6) with { Epochs = 3, BatchSize = 64 };
        var one = DirectRecipe.Train(chain, options, 2048, 2, hidden: [32, 32]);
        using var twoCores = new ParallelDense();
        var two = DirectRecipe.Train(chain, options, 2048, 2, twoCores, [32, 32]);
        Close.BitExact("direct network", one, two);
        Assert.Equal([DirectLayout.Inputs, 32, 32, 24], one.Sizes);
        var solver = new IkSolver(TrainedPose(chain).WithDirect(one), weights: InferenceWeights.Fp32);
        Assert.Equal(2, solver.DirectHeads);
        var (guesses, drawn) = (new double[12], new double[6]);
        var rng = new Rng(7);
        var apart = 0;
        for (var trial = 0; trial < 20; trial++)
        {
            PoseSampler.Draw(chain, rng, drawn);
            Assert.Equal(2, solver.DirectGuesses(chain.Forward(drawn), guesses));
            apart += Enumerable.Range(0, 6).Max(j => Math.Abs(Angles.Wrap(guesses[j] - guesses[6 + j]))) > 0.3 ? 1 : 0;
        }
        Assert.True(apart >= 15, $"heads apart on {apart} of 20 targets");
    }

    static IkModel TrainedPose(SpatialChain chain) => SolverRecipe.Train(chain, TaskBounds.Pose,
        new SolverOptions { Hidden = [16], Epochs = 1, SamplesPerEpoch = 256, BatchSize = 64 }).Model;
}
