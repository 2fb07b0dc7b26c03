using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Learns what a calibrated arm's geometry leaves (<see cref="PositionResidual"/>): the measured marker positions
/// minus the calibrated chain's, as a function of the joints, by a small network (MSE, Adam with cosine decay), on
/// four fifths of the samples given (seeded; a tenth of those for validation); the last fifth, held out, says whether
/// it helps. A residual that does not lower the held-out RMS error by a tenth is not kept: the geometry is then the
/// whole model. (The RMS, not the median: the median of a well-calibrated arm is mostly the instrument's noise, which
/// nothing learns; what the geometry cannot express shows in the tail.)
/// </summary>
public static class ResidualRecipe
{
    public static readonly int[] Hidden = [64, 64];

    /// <summary>The default schedule: 400 epochs of batch 32, lr 2e-3.</summary>
    public static TrainingOptions Defaults(ulong seed) =>
        new() { Epochs = 400, BatchSize = 32, LearningRate = 2e-3f, Seed = seed };

    /// <summary>The residual (null when not kept) and the held-out distances (m) without and with it.</summary>
    public sealed record Outcome(PositionResidual? Residual, double[] Before, double[] After, int Fitted);

    /// <summary>
    /// <paramref name="chain"/> the calibrated arm (without a correction); <paramref name="joints"/>[sample] the
    /// commanded joints and <paramref name="measured"/> the marker's measured positions, outliers already left out.
    /// </summary>
    public static Outcome Fit(SpatialChain chain, IReadOnlyList<double[]> joints, IReadOnlyList<Vec3> measured,
        TrainingOptions options)
    {
        var errors = joints.Select((q, s) => measured[s] - chain.Forward(q).P).ToArray();
        var split = DataSplit.Create(errors.Length, options.Seed, 0.2, 0.1);
        var scale = Math.Max(1e-9, split.Train.Max(s => Math.Max(Math.Abs(errors[s].X), Math.Max(
            Math.Abs(errors[s].Y), Math.Abs(errors[s].Z)))));
        bool[] sliding = [.. chain.Joints.Select(j => j.Type == JointType.Prismatic)];
        var inputs = PositionResidual.InputCount(sliding);
        var network = new Mlp([inputs, .. Hidden, 3]);
        network.InitializeGlorot(new Rng(options.Seed));
        // Only its inputs are used before training (it copies the weights it is built with).
        var residual = new PositionResidual(network, chain.Ranges, sliding, scale);
        var x = new double[inputs];
        void Row(int s, int copy, Span<float> into, Span<float> y)
        {
            residual.Inputs(joints[s], x);
            for (var i = 0; i < inputs; i++)
                into[i] = (float)x[i];
            (y[0], y[1], y[2]) = ((float)(errors[s].X / scale), (float)(errors[s].Y / scale),
                (float)(errors[s].Z / scale));
        }
        ForwardMapRecipe.Train(network, options, ForwardMapRecipe.Rows(split.Train, 1, inputs, 3, Row),
            ForwardMapRecipe.Rows(split.Validation, 1, inputs, 3, Row), null, null, 0.1);
        var trained = new PositionResidual(network, chain.Ranges, sliding, scale);
        var before = split.Test.Select(s => errors[s].Length).ToArray();
        var after = split.Test.Select(s => (errors[s] - trained.Offset(joints[s])).Length).ToArray();
        var helps = Rms(after) < 0.9 * Rms(before);
        return new Outcome(helps ? trained : null, before, after, split.Train.Length + split.Validation.Length);
    }

    static double Rms(double[] values) => Math.Sqrt(values.Average(v => v * v));
}
