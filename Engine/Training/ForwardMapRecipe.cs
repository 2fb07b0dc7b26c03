using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Learns an arm known only from its recordings (a soft or continuum arm): first its forward map
/// (<see cref="LearnedChain"/>: actuators → measured position, MSE on both scaled to [−1, 1]), then the guess
/// network that answers near a reference on that map (<see cref="LearnedLayout"/>). The map's hidden layers are tanh:
/// smooth, so a fit of a smooth arm comes closer than ReLU's pieces of planes, and its Jacobian is continuous for the
/// solver. Adam with cosine decay to a thousandth (<see cref="Floor"/>) for both; a tenth of the samples for
/// validation and a tenth held out (seeded) to say how far the learned map is from the real arm.
/// </summary>
public static class ForwardMapRecipe
{
    public static readonly int[] Hidden = [128, 128, 128, 128];
    public static readonly int[] GuessHidden = [256, 256];
    /// <summary>
    /// Training rows of the guess per recorded sample, each with a reference near it (within
    /// <see cref="IReferenceLayout.Nearby"/>): the network learns the answer near a reference, as the solver asks it.
    /// Rows with references anywhere taught it to average the answers (the notebook's arm: 276 mm off near a posture,
    /// against 36 mm with near ones only, and three times slower solves).
    /// </summary>
    public const int ReferencesPerSample = 4;

    /// <summary>
    /// The forward map's default schedule: 1,200 epochs of batch 256, lr 3e-3 falling to a thousandth of it. On the
    /// continuum bench's arm (20,000 samples), real-arm median: 256-256-256 ReLU, 600 epochs falling to a tenth
    /// 1.45 mm; tanh 1.15; falling to a thousandth 0.87; 1,800 epochs 0.42; 128-128-128-128, 1,200 epochs 0.39 in
    /// 40 % of the time.
    /// </summary>
    public static TrainingOptions Defaults(ulong seed) =>
        new() { Epochs = 1200, BatchSize = 256, LearningRate = 3e-3f, Seed = seed };

    /// <summary>The learning rate's last value, as a fraction of the first.</summary>
    public const double Floor = 1e-3;

    /// <summary>The guess network's schedule after a forward map's: a sixth of its epochs, a third of its rate.
    /// </summary>
    public static TrainingOptions GuessSchedule(TrainingOptions map) =>
        map with { Epochs = Math.Max(1, map.Epochs / 6), LearningRate = map.LearningRate / 3 };

    /// <summary>
    /// The learned chain and the held-out distances (m) between its positions and the measured ones.
    /// <paramref name="actuators"/>[sample][actuator]; <paramref name="positions"/> with z = 0 for planar data.
    /// </summary>
    public static (LearnedChain Chain, double[] HeldOut, TrainingOutcome Outcome) Fit(IReadOnlyList<string> names,
        double[][] actuators, Vec3[] positions, bool planar, TrainingOptions options, int[]? hidden = null,
        Func<EpochReport, bool>? onEpoch = null, ParallelDense? twoCores = null)
    {
        var n = names.Count;
        var ranges = new JointRange[n];
        for (var i = 0; i < n; i++)
        {
            var (lo, hi) = (actuators.Min(a => a[i]), actuators.Max(a => a[i]));
            ranges[i] = hi > lo ? new JointRange(lo, hi)
                : throw new DataFormatException($"actuator '{names[i]}' never moves in the data (always {lo})");
        }
        var workspace = RecordedWorkspace.Of(positions, planar);
        var outputs = planar ? 2 : 3;
        var network = new Mlp([n, .. hidden ?? Hidden, outputs], null, Activation.Tanh);
        network.InitializeGlorot(new Rng(options.Seed));
        var split = DataSplit.Create(actuators.Length, options.Seed, 0.1, 0.1 / 0.9);
        var (low, high) = (workspace.Low, workspace.High);
        void Row(int s, int copy, Span<float> x, Span<float> y)
        {
            for (var i = 0; i < n; i++)
                x[i] = (float)LearnedChain.Scaled(ranges[i], actuators[s][i]);
            var p = positions[s];
            (y[0], y[1]) = ((float)(2 * (p.X - low.X) / (high.X - low.X) - 1), (float)(2 * (p.Y - low.Y) /
                (high.Y - low.Y) - 1));
            if (!planar)
                y[2] = (float)(2 * (p.Z - low.Z) / (high.Z - low.Z) - 1);
        }
        var outcome = Train(network, options, Rows(split.Train, 1, n, outputs, Row),
            Rows(split.Validation, 1, n, outputs, Row), onEpoch, twoCores);
        var learned = new LearnedChain(network, names, ranges, workspace);
        var heldOut = split.Test.Select(s => (learned.Forward(actuators[s]).P - positions[s]).Length).ToArray();
        return (learned, heldOut, outcome);
    }

    /// <summary>
    /// The guess network of <paramref name="chain"/>, trained on the recorded actuators (the held-out tenth left
    /// out as in <see cref="Fit"/>) and the positions the learned map gives them, each with
    /// <see cref="ReferencesPerSample"/> references: a model the solver loads.
    /// </summary>
    public static (IkModel Model, TrainingOutcome Outcome) Guess(LearnedChain chain, double[][] actuators,
        TrainingOptions options, int[]? hidden = null, Func<EpochReport, bool>? onEpoch = null,
        ParallelDense? twoCores = null)
    {
        var task = chain.IsPlanar ? TaskBounds.PlanarPosition : TaskBounds.Position;
        var layout = new LearnedLayout(chain, task);
        var scaler = layout.Scaler(chain.Reach);
        var network = new Mlp([layout.Inputs, .. hidden ?? GuessHidden, layout.Outputs]);
        network.InitializeGlorot(new Rng(options.Seed + 1));
        var split = DataSplit.Create(actuators.Length, options.Seed, 0.1, 0.1 / 0.9);
        var rng = new Rng(options.Seed + 2);
        var reference = new double[chain.Count];
        void Row(int s, int k, Span<float> x, Span<float> y)
        {
            for (var i = 0; i < chain.Count; i++)
            {
                var (range, width) = (chain.Ranges[i], layout.Nearby(i));
                reference[i] = range.Clamp(actuators[s][i] + rng.Uniform(-width, width));
            }
            layout.Encode(scaler, chain.Forward(actuators[s]), reference, x);
            layout.Scaled(actuators[s], y);
        }
        var (inputs, outputs) = (layout.Inputs, layout.Outputs);
        var outcome = Train(network, options, Rows(split.Train, ReferencesPerSample, inputs, outputs, Row),
            Rows(split.Validation, ReferencesPerSample, inputs, outputs, Row), onEpoch, twoCores);
        return (new IkModel(network, scaler, chain, task), outcome);
    }

    internal delegate void FillRow(int sample, int copy, Span<float> inputs, Span<float> outputs);

    internal static SampleSet Rows(int[] samples, int copies, int inputs, int outputs, FillRow fill)
    {
        var (x, y) = (new float[samples.Length * copies * inputs], new float[samples.Length * copies * outputs]);
        for (var r = 0; r < samples.Length * copies; r++)
            fill(samples[r / copies], r % copies, x.AsSpan(r * inputs, inputs), y.AsSpan(r * outputs, outputs));
        return new SampleSet(x, y, inputs, outputs);
    }

    // On both cores when given them (the same bits either way); EpochLoop gives the network one core's kernels back
    // when it ends, as the cores are the caller's to release. The rate falls by a cosine from options' to floor times
    // it over the run.
    // MSE unless another loss is given (then validated by that loss).
    internal static TrainingOutcome Train(Mlp network, TrainingOptions options, SampleSet train, SampleSet validation,
        Func<EpochReport, bool>? onEpoch, ParallelDense? twoCores, double floor = Floor, ILoss? loss = null)
    {
        network.Kernels = twoCores ?? (IDenseKernels)DenseBlocked.Instance;
        var trainer = loss is null ? new Trainer(network, options, twoCores?.Core)
            : new Trainer(network, options, loss, train.OutputCount, twoCores?.Core);
        return EpochLoop.Run(trainer, options.Epochs, _ => train,
            () => loss is null ? Trainer.Evaluate(network, validation) : trainer.Evaluate(validation), onEpoch, null,
            epoch => options.LearningRate * (float)(floor + (1 - floor) / 2
                * (1 + Math.Cos(Math.PI * (epoch - 1) / Math.Max(1, options.Epochs - 1)))));
    }
}
