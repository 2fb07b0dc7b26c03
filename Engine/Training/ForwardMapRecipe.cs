using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Learns an arm's forward map from recorded samples (<see cref="LearnedChain"/>): actuators → measured position,
/// MSE on both scaled to [−1, 1], Adam with cosine decay to a tenth, a tenth of the samples for validation and a
/// tenth held out (seeded) to say how far the learned map is from the real arm.
/// </summary>
public static class ForwardMapRecipe
{
    public static readonly int[] Hidden = [256, 256, 256];

    /// <summary>
    /// The learned chain and the held-out distances (m) between its positions and the measured ones.
    /// <paramref name="actuators"/>[sample][actuator]; <paramref name="positions"/> with z = 0 for planar data.
    /// </summary>
    public static (LearnedChain Chain, double[] HeldOut, TrainingOutcome Outcome) Fit(IReadOnlyList<string> names,
        double[][] actuators, Vec3[] positions, bool planar, TrainingOptions options, int[]? hidden = null,
        Func<EpochReport, bool>? onEpoch = null)
    {
        var n = names.Count;
        var ranges = new JointRange[n];
        for (var i = 0; i < n; i++)
        {
            var (lo, hi) = (actuators.Min(a => a[i]), actuators.Max(a => a[i]));
            ranges[i] = hi > lo ? new JointRange(lo, hi)
                : throw new DataFormatException($"actuator '{names[i]}' never moves in the data (always {lo})");
        }
        var low = new Vec3(positions.Min(p => p.X), positions.Min(p => p.Y), positions.Min(p => p.Z));
        var high = new Vec3(positions.Max(p => p.X), positions.Max(p => p.Y), positions.Max(p => p.Z));
        // A flat direction (z of planar data) keeps a unit scale, so its output stays at the middle.
        high = new Vec3(Math.Max(high.X, low.X + 1e-9), Math.Max(high.Y, low.Y + 1e-9),
            Math.Max(high.Z, low.Z + 1e-9));
        var outputs = planar ? 2 : 3;
        var network = new Mlp([n, .. hidden ?? Hidden, outputs]);
        network.InitializeGlorot(new Numerics.Rng(options.Seed));
        var split = DataSplit.Create(actuators.Length, options.Seed, 0.1, 0.1 / 0.9);
        double[] In(int s) => [.. Enumerable.Range(0, n).Select(i => LearnedChain.Scaled(ranges[i], actuators[s][i]))];
        double[] Out(int s)
        {
            var (p, l, h) = (positions[s], low, high);
            double[] scaled = [2 * (p.X - l.X) / (h.X - l.X) - 1, 2 * (p.Y - l.Y) / (h.Y - l.Y) - 1,
                2 * (p.Z - l.Z) / (h.Z - l.Z) - 1];
            return scaled[..outputs];
        }
        SampleSet Rows(int[] rows)
        {
            var (x, y) = (new float[rows.Length * n], new float[rows.Length * outputs]);
            for (var r = 0; r < rows.Length; r++)
            {
                var (input, target) = (In(rows[r]), Out(rows[r]));
                for (var i = 0; i < n; i++)
                    x[r * n + i] = (float)input[i];
                for (var c = 0; c < outputs; c++)
                    y[r * outputs + c] = (float)target[c];
            }
            return new SampleSet(x, y, n, outputs);
        }
        var (train, validation) = (Rows(split.Train), Rows(split.Validation));
        var outcome = EpochLoop.Run(new Trainer(network, options), options.Epochs, _ => train,
            () => Trainer.Evaluate(network, validation), onEpoch, null, epoch => options.LearningRate *
                (float)(0.55 + 0.45 * Math.Cos(Math.PI * (epoch - 1) / Math.Max(1, options.Epochs - 1))));
        var learned = new LearnedChain(network, names, ranges, low, high);
        var heldOut = split.Test.Select(s => (learned.Forward(actuators[s]).P - positions[s]).Length).ToArray();
        return (learned, heldOut, outcome);
    }
}
