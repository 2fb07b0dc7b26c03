using System.Diagnostics;
using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- step-guess URDF TIP [epochs [hidden]]` (hidden as 256-256-256, the
/// default): an experiment for issue 26, not a product path. A network learns the step from where a reference stands
/// instead of the answer, scale-free: inputs the target (position over the reach, rotation's x and y columns), the
/// reference (sin, cos per joint), the direction of its error e = (Δp / reach, Δr as a rotation vector) and log(|e|)/5;
/// output the joints' change over |e|, so near the answer, where the change is nearly linear in e, its error shrinks
/// with e. MSE; 262,144 fixed samples, each reference within r of its pose, r log-uniform from 0.005 to 0.5 rad; Adam
/// 1e-3 → 1e-6 cosine, two cores. Then the pose's position and orientation medians from references within r of 2,000
/// poses, after one, two and three steps, each from the last.
/// </summary>
public static class StepGuessRun
{
    const int Samples = 262_144;
    const double Spread = 0.5, Nearest = 0.005;

    public static int Run(string urdf, string tip, int epochs, int[] hidden)
    {
        var chain = Urdf.Load(urdf, null, tip);
        var (n, inputs) = (chain.Count, 9 + 2 * chain.Count + 7);
        var rng = new Rng(3);
        var (x, y) = (new float[Samples * inputs], new float[Samples * n]);
        var (q, reference) = (new double[n], new double[n]);
        for (var s = 0; s < Samples; s++)
        {
            PoseSampler.Draw(chain, rng, q);
            var radius = Spread * Math.Exp(rng.Uniform(Math.Log(Nearest / Spread), 0));
            for (var j = 0; j < n; j++)
                reference[j] = chain.Ranges[j].Clamp(q[j] + rng.Uniform(-radius, radius));
            var size = Encode(chain, chain.Forward(q), reference, x.AsSpan(s * inputs, inputs));
            for (var j = 0; j < n; j++)
                y[s * n + j] = (float)((q[j] - reference[j]) / size);
        }
        var cut = Samples / 16;
        var train = new SampleSet(x[(cut * inputs)..], y[(cut * n)..], inputs, n);
        var validation = new SampleSet(x[..(cut * inputs)], y[..(cut * n)], inputs, n);
        var network = new Mlp([inputs, .. hidden, n]);
        network.InitializeGlorot(new Rng(4));
        var options = new TrainingOptions { Epochs = epochs, BatchSize = 128, LearningRate = 1e-3f, Seed = 5 };
        var clock = Stopwatch.StartNew();
        using (var twoCores = new ParallelDense())
            ForwardMapRecipe.Train(network, options, train, validation, null, twoCores);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(urdf)}: {string.Join('-', network.Sizes)}, {epochs} epochs of {train.Count:N0}, " +
            $"{clock.Elapsed.TotalSeconds:F0} s"));
        Console.WriteLine("| r (rad) | reference | one step | two steps | three steps |");
        Console.WriteLine("| ---: | --- | --- | --- | --- |");
        var (input, output, scratch) = (new float[inputs], new float[n], new float[network.InferScratchLength(1)]);
        foreach (var radius in new[] { 0.5, 0.2, 0.1, 0.02, 0.005 })
        {
            var errors = Enumerable.Range(0, 4).Select(_ => (P: new List<double>(), R: new List<double>())).ToArray();
            for (var t = 0; t < 2000; t++)
            {
                PoseSampler.Draw(chain, rng, q);
                var target = chain.Forward(q);
                for (var j = 0; j < n; j++)
                    reference[j] = chain.Ranges[j].Clamp(q[j] + rng.Uniform(-radius, radius));
                for (var step = 0; step < 4; step++)
                {
                    var at = chain.Forward(reference);
                    errors[step].P.Add((at.P - target.P).Length);
                    errors[step].R.Add((target * at.Transposed).RotationVector().Length);
                    var size = Encode(chain, target, reference, input);
                    network.Infer(input, 1, output, scratch);
                    for (var j = 0; j < n; j++)
                        reference[j] = chain.Ranges[j].Clamp(reference[j] + size * output[j]);
                }
            }
            static double Median(List<double> e) => e.Order().ElementAt(e.Count / 2);
            var cells = errors.Select(e => string.Create(CultureInfo.InvariantCulture,
                $"{Median(e.P) * 1e3:F1} mm, {Median(e.R) * 180 / Math.PI:F2}°"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {radius} | ") +
                string.Join(" | ", cells) + " |");
        }
        return 0;
    }

    // The inputs; returns the reference's error size m = |(Δp / reach, Δr)|, which scales the output.
    static double Encode(SpatialChain chain, Frame target, double[] reference, Span<float> x)
    {
        var (reach, at) = (chain.Reach, chain.Forward(reference));
        var (dp, dr) = ((1 / reach) * (target.P - at.P), (target * at.Transposed).RotationVector());
        var size = Math.Max(Math.Sqrt(dp.Dot(dp) + dr.Dot(dr)), 1e-9);
        (dp, dr) = ((1 / size) * dp, (1 / size) * dr);
        float[] head = [(float)(target.P.X / reach), (float)(target.P.Y / reach), (float)(target.P.Z / reach),
            (float)target.Axis(0).X, (float)target.Axis(0).Y, (float)target.Axis(0).Z, (float)target.Axis(1).X,
            (float)target.Axis(1).Y, (float)target.Axis(1).Z];
        head.CopyTo(x);
        for (var j = 0; j < reference.Length; j++)
            (x[9 + 2 * j], x[10 + 2 * j]) = ((float)Math.Sin(reference[j]), (float)Math.Cos(reference[j]));
        var tail = x[(9 + 2 * reference.Length)..];
        (tail[0], tail[1], tail[2]) = ((float)dp.X, (float)dp.Y, (float)dp.Z);
        (tail[3], tail[4], tail[5]) = ((float)dr.X, (float)dr.Y, (float)dr.Z);
        tail[6] = (float)(Math.Log(size) / 5);
        return size;
    }
}
