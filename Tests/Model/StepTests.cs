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
/// The learned step of an arm in space: its encoding against the error computed here, its file round trip, its
/// training's bits on one core and two, and, trained briefly on a 6-joint arm, steps that bring a posture nearer a
/// pose (judged by FK, the oracle) than it started.
/// </summary>
public class StepTests : TempFolder
{
    [Fact]
    public void The_layout_encodes_the_target_the_posture_and_the_error_direction_and_size()
    {
        var chain = TestRobots.Named("ur5-dh");
        var layout = new StepLayout(chain);
        Assert.Equal((9 + 12 + 7, 6), (layout.Inputs, layout.Outputs));
        var target = Frame.FromXyzRpy(new Vec3(0.3, -0.2, 0.5), 0.4, -0.3, 1.2);
        double[] q = [0.1, -0.2, 0.3, -0.4, 0.5, -3.0];
        var at = chain.Forward(q);
        var inputs = new float[layout.Inputs];
        var size = layout.Encode(target, q, at, inputs);
        // The error by hand: Δp over the reach, and the rotation taking the posture's frame to the target's.
        var dp = (1 / chain.Reach) * (target.P - at.P);
        var dr = (target * at.Transposed).RotationVector();
        var expected = Math.Sqrt(dp.Dot(dp) + dr.Dot(dr));
        Assert.Equal(expected, size, 12);
        Assert.Equal((float)(-0.2 / chain.Reach), inputs[1], 6);
        Assert.Equal((float)target.Axis(1).X, inputs[6]);
        Assert.Equal((float)Math.Cos(-3.0), inputs[9 + 11]);
        float[] error = [.. inputs.AsSpan(21, 6).ToArray()];
        double[] hand = [dp.X, dp.Y, dp.Z, dr.X, dr.Y, dr.Z];
        for (var c = 0; c < 6; c++)
            Assert.Equal(hand[c] / expected, error[c], 5);
        Assert.Equal(Math.Log(expected) / 5, inputs[27], 5);
        float[] output = [1, -1, 0, 0, 2, 100];
        layout.Apply(output, 0.01, q);
        Assert.Equal([0.11, -0.21, 0.3, -0.4, 0.52], q[..5], new ToleranceComparer(1e-15));
        Assert.Equal(chain.Ranges[5].Clamp(-2.0), q[5]);
        var here = chain.Forward(q);
        Assert.Equal(0, layout.Encode(here, q, here, inputs));
    }

    [Fact]
    public void A_mounted_arm_steps_as_its_base_arm()
    {
        var (arm, mounted) = (TestRobots.Named("iiwa7"), TestRobots.Named("iiwa7-mounted"));
        var (layout, seen) = (new StepLayout(arm), new StepLayout(mounted));
        var rng = new Rng(8);
        var (row, mountedRow) = (new float[layout.Inputs], new float[layout.Inputs]);
        var q = new double[7];
        for (var trial = 0; trial < 20; trial++)
        {
            PoseSampler.Draw(arm, rng, q);
            double[] near = [.. q.Select(v => v + rng.Uniform(-0.3, 0.3))];
            var s1 = layout.Encode(arm.Forward(q), near, arm.Forward(near), row);
            var s2 = seen.Encode(mounted.Forward(q), near, mounted.Forward(near), mountedRow);
            Assert.Equal(s1, s2, 9);
            Assert.All(Enumerable.Range(0, row.Length), c => Assert.Equal(row[c], mountedRow[c], 1e-5));
        }
    }

    [Fact]
    public void Trained_steps_bring_a_posture_nearer_the_pose_and_the_file_keeps_them()
    {
        var chain = TestRobots.Named("ur5-dh");
        var options = new SolverOptions
        {
            Hidden = [16], Epochs = 1, SamplesPerEpoch = 256, BatchSize = 64, StepEpochs = 30, StepRows = 16_384,
        };
        var (model, _) = SolverRecipe.Train(chain, TaskBounds.Pose, options);
        Assert.NotNull(model.Step);
        var path = In("stepped.safetensors");
        model.Save(path);
        var loaded = IkModel.Load(path);
        var (solver, reread) = (new IkSolver(model) { Steps = 3 }, new IkSolver(loaded) { Steps = 3 });
        Assert.Equal((IkSolver.DefaultSteps, IkSolver.DefaultNearSteps), (new IkSolver(loaded).Steps,
            new IkSolver(loaded).NearSteps));
        Assert.Equal((0, 0), (new IkSolver(model.WithStep(null)).Steps, new IkSolver(model.WithStep(null)).NearSteps));
        var rng = new Rng(21);
        var (q, posture, again, plain) = (new double[6], new double[6], new double[6], new double[6]);
        var (before, after, afterPlain) = (new List<double>(), new List<double>(), new List<double>());
        // The float32 weights as the oracle of the bfloat16 ones the solver reads by default where vectors are fast.
        var fp32 = new IkSolver(model, weights: InferenceWeights.Fp32) { Steps = 3 };
        for (var trial = 0; trial < 200; trial++)
        {
            PoseSampler.Draw(chain, rng, q);
            var target = chain.Forward(q);
            for (var j = 0; j < 6; j++)
                posture[j] = chain.Ranges[j].Clamp(q[j] + rng.Uniform(-0.1, 0.1));
            posture.CopyTo(again, 0);
            posture.CopyTo(plain, 0);
            before.Add(Error(chain, target, posture));
            solver.Step(target, posture);
            reread.Step(target, again);
            fp32.Step(target, plain);
            Assert.Equal(posture, again);
            after.Add(Error(chain, target, posture));
            afterPlain.Add(Error(chain, target, plain));
        }
        var (start, end, endPlain) = (Median(before), Median(after), Median(afterPlain));
        Assert.True(end < 0.5 * start, $"median pose error {start:F4} before three steps, {end:F4} after");
        Assert.True(Math.Abs(end - endPlain) <= 0.1 * endPlain,
            $"median after three steps {end:F5}, in float32 {endPlain:F5}");
        // Near a current posture the search starts from it stepped: the first guess is the stepped posture, nearer
        // the pose than the posture itself (a brief training: not by much), and the answer is verified here.
        double[] q0 = [0.4, -1.0, 1.2, -0.3, 0.9, 0.1];
        double[] current = [.. q0.Select(v => v + 0.08)];
        var goal = chain.Forward(q0);
        var solution = solver.Solve(goal, new SolveOptions { Answers = 1, Near = current,
            Stop = StopRule.After(4) });
        var answer = Assert.Single(solution.Answers);
        Assert.Equal(SolveStatus.Ok, answer.Status);
        var theta = answer.Theta.ToArray();
        var reached = chain.Forward(theta);
        Assert.True((reached.P - goal.P).Length <= 1e-6 && IkSolver.Change(answer.Theta, current) <= 0.3);
        Assert.True(Error(chain, goal, answer.Guess.ToArray()) < Error(chain, goal, current));
        // A position alone: the steps aim at the posture's own orientation there, and the answer reaches the point.
        var point = solver.Solve(Frame.FromXyzRpy(goal.P, 0.3, 2.0, -1.0),
            new SolveOptions { Answers = 1, Near = current, Task = TaskBounds.Position, Stop = StopRule.After(4) });
        var located = Assert.Single(point.Answers);
        Assert.Equal(SolveStatus.Ok, located.Status);
        Assert.True((chain.Forward(located.Theta.ToArray()).P - goal.P).Length <= 1e-6);
    }

    // Oracle: FK alone. The part removed moves along the self-motion (the tip stays to second order), the part kept
    // is the whole move of the tip (to first order), and a 6-joint arm keeps all of it.
    [Fact]
    public void Training_postures_move_across_the_self_motion_only()
    {
        var (arm, six) = (TestRobots.Named("iiwa7"), TestRobots.Named("ur5-dh"));
        var rng = new Rng(12);
        var (q, offset) = (new double[7], new double[7]);
        const double eps = 1e-4;
        for (var trial = 0; trial < 20; trial++)
        {
            PoseSampler.Draw(arm, rng, q);
            for (var j = 0; j < 7; j++)
                offset[j] = rng.Uniform(-1, 1);
            var kept = (double[])offset.Clone();
            StepRecipe.AcrossSelfMotion(arm, q, kept);
            var removed = offset.Select((v, j) => v - kept[j]).ToArray();
            Assert.True(removed.Sum(v => v * v) > 1e-6, "a random move has a part along the self-motion");
            var at = arm.Forward(q);
            Frame Moved(double[] d) => arm.Forward(q.Select((v, j) => v + eps * d[j]).ToArray());
            var (along, across, whole) = (Moved(removed), Moved(kept), Moved(offset));
            Assert.True((along.P - at.P).Length < 1e-6 && (along * at.Transposed).RotationVector().Length < 1e-6);
            Assert.True((across.P - whole.P).Length < 1e-6 && (across * whole.Transposed).RotationVector().Length
                < 1e-6);
            Assert.True((whole.P - at.P).Length > 1e-3 * eps);
        }
        var sixMove = new double[6];
        for (var j = 0; j < 6; j++)
            sixMove[j] = rng.Uniform(-1, 1);
        var sixKept = (double[])sixMove.Clone();
        StepRecipe.AcrossSelfMotion(six, new double[6], sixKept);
        Assert.Equal(sixMove, sixKept);
    }

    [Fact]
    public void Training_gives_the_same_bits_on_one_core_and_two()
    {
        var chain = TestRobots.Named("ur5-dh");
        var options = StepRecipe.Defaults(5) with { Epochs = 2 };
        var one = StepRecipe.Train(chain, options, 2048, [32, 32]);
        using var twoCores = new ParallelDense();
        var two = StepRecipe.Train(chain, options, 2048, [32, 32], twoCores);
        Close.BitExact("step network", one, two);
    }

    [Fact]
    public void A_step_is_refused_where_it_does_not_fit()
    {
        var chain = TestRobots.Named("ur5-dh");
        var options = new SolverOptions { Hidden = [16], Epochs = 1, SamplesPerEpoch = 256, BatchSize = 64 };
        var (pose, _) = SolverRecipe.Train(chain, TaskBounds.Pose, options);
        var (position, _) = SolverRecipe.Train(chain, TaskBounds.Position, options);
        Assert.Null(pose.Step);
        var wrong = new Mlp([10, 8, 6]);
        Assert.Contains("does not fit", Assert.Throws<ArgumentException>(() => pose.WithStep(wrong)).Message,
            StringComparison.Ordinal);
        var fits = new Mlp([new StepLayout(chain).Inputs, 8, 6]);
        Assert.Contains("poses", Assert.Throws<ArgumentException>(() => position.WithStep(fits)).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new IkSolver(pose.WithStep(fits)) { Steps = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new IkSolver(pose.WithStep(fits)) { NearSteps = -1 });
    }

    // |e| = √(|Δp / reach|² + |Δr|²), as the layout and the solver's residual weigh position and orientation.
    static double Error(SpatialChain chain, Frame target, double[] q)
    {
        var at = chain.Forward(q);
        var dp = (1 / chain.Reach) * (target.P - at.P);
        var dr = (target * at.Transposed).RotationVector();
        return Math.Sqrt(dp.Dot(dp) + dr.Dot(dr));
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
