using System.Diagnostics;
using System.Globalization;
using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Calibration;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- continuum`: the forward map of the tests' two-segment, five-actuator
/// continuum arm (<see cref="ContinuumArm"/>) learned from 20,000 recorded positions with 0.2 mm noise
/// (<see cref="ForwardMapRecipe"/>, one core), then 1,000 targets the real arm reaches solved on the learned map
/// (Levenberg–Marquardt from the middle of the ranges, then up to 15 random starts) and judged on the real arm's
/// kinematics. A Markdown table on stdout, for benchmarks/&lt;cpu&gt;/.
/// </summary>
public static class ContinuumRun
{
    public static int Run()
    {
        var (actuators, positions) = ContinuumArm.Record(20000, 5);
        var options = new TrainingOptions { Epochs = 600, BatchSize = 256, LearningRate = 3e-3f, Seed = 6 };
        var clock = Stopwatch.StartNew();
        var (chain, heldOut, _) = ForwardMapRecipe.Fit(ContinuumArm.Names, actuators, positions, false, options);
        var seconds = clock.Elapsed.TotalSeconds;
        var rng = new Rng(7);
        var (errors, solved) = (new List<double>(), 0);
        for (var t = 0; t < 1000; t++)
        {
            var target = ContinuumArm.Tip(ContinuumArm.Actuators(rng));
            var q = new double[chain.Count];
            for (var start = 0; start < 16; start++)
            {
                for (var i = 0; i < q.Length; i++)
                    q[i] = start == 0 ? chain.Ranges[i].Middle : rng.Uniform(chain.Ranges[i].Lo, chain.Ranges[i].Hi);
                var result = Refiner.Refine(new ChainTarget(chain, Frame.Translation(target), TaskBounds.Position),
                    q, 1e-9, 100);
                if (result.Residual < 1e-6)
                {
                    solved++;
                    break;
                }
            }
            errors.Add((ContinuumArm.Tip(q) - target).Length);
        }
        double Mm(IReadOnlyList<double> e, double p) => HeldOutError.Quantile([.. e], p) * 1e3;
        Console.WriteLine("| samples | network | training | held out: median, p95 | solved on the learned map | " +
            "real arm from the answers: median, p95 |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| 20,000 | 5-{string.Join('-', ForwardMapRecipe.Hidden)}-3 | {options.Epochs} epochs, {seconds:F0} s | " +
            $"{Mm(heldOut, 0.5):F3}, {Mm(heldOut, 0.95):F3} mm | {solved / 10.0:F1} % | {Mm(errors, 0.5):F3}, " +
            $"{Mm(errors, 0.95):F3} mm |"));
        return 0;
    }
}
