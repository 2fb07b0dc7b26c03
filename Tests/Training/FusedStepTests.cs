using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Training;

/// <summary>
/// The training step fuses the weight gradient (in blocks of each core's band) with Adam (each block updated while
/// it is in L1), on one core or two. Here it is checked against the plain sequence: forward, the loss gradient,
/// the plain backward pass (Support/PlainBackward.cs, itself checked against central differences in
/// MlpGradientTests), then Adam as the textbook writes it, in double, on the parameters in plain order
/// (W[in, out] then b per layer).
/// </summary>
public class FusedStepTests
{
    const float Rate = 3e-3f;
    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-7;

    [Theory]
    [InlineData(1, new[] { 3, 40, 70, 2 })]
    [InlineData(2, new[] { 3, 64, 130, 2 })]
    public void Steps_of_the_fused_step_equal_backward_then_textbook_adam(int cores, int[] sizes)
    {
        const int batch = 16, steps = 4, seed = 21;
        var rng = new Rng(5);
        var data = new SampleSet(RandomData.Uniform(rng, batch * steps * sizes[0]),
            RandomData.Uniform(rng, batch * steps * sizes[^1]), sizes[0], sizes[^1]);
        using var twoCores = cores == 2 ? new ParallelDense() : null;
        var fused = new Trainer(new Mlp(sizes),
            new TrainingOptions { BatchSize = batch, LearningRate = Rate, Seed = seed }, twoCores?.Core);

        var plain = new Mlp(sizes);
        plain.InitializeGlorot(new Rng(seed));
        var n = plain.Parameters.Length;
        var (theta, m, v) = ((double[])[.. Plain(plain).Select(p => (double)p)], new double[n], new double[n]);
        var gradient = new float[n];
        for (var t = 1; t <= steps; t++)
        {
            int[] rows = [.. Enumerable.Range((t - 1) * batch, batch)];
            fused.Step(data, rows);

            var (x, y) = (new float[batch * sizes[0]], new float[batch * sizes[^1]]);
            data.Gather(rows, x, y);
            var output = plain.Forward(x, batch);
            var dOut = new float[output.Length];
            MseLoss.Instance.LossAndGradient(output, y, batch, dOut);
            plain.ZeroGradients();
            plain.Backward(x, dOut, batch);
            plain.Reorder(plain.Gradients, gradient, toPlain: true);
            var alpha = Rate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
            for (var i = 0; i < n; i++)
            {
                m[i] = Beta1 * m[i] + (1 - Beta1) * gradient[i];
                v[i] = Beta2 * v[i] + (1 - Beta2) * gradient[i] * gradient[i];
                theta[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + Epsilon);
            }
            // The plain network goes on from the textbook's parameters, so each step is compared from the same start.
            plain.Reorder([.. theta.Select(p => (float)p)], plain.Parameters, toPlain: false);
            Close.All($"{cores} core(s), step {t}: parameters", theta, Plain(fused.Network), 1e-5, 1e-6);
        }
    }

    static float[] Plain(Mlp net)
    {
        var plain = new float[net.Parameters.Length];
        net.Reorder(net.Parameters, plain, toPlain: true);
        return plain;
    }
}
