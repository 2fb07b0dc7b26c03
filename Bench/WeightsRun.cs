using System.Globalization;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- weights MODEL…`: the solver with its guesses read from float32 weights
/// and from bfloat16 ones (<see cref="InferenceWeights"/>), alternated twice on the same 10,000 targets of each
/// model (FK of joint vectors within the limits, seed 7; one answer, the default search, one core): solve rate,
/// median, p99 and mean µs, and the raw guess's error near a known posture. A Markdown table on stdout.
/// </summary>
public static class WeightsRun
{
    public static int Run(IReadOnlyList<string> models)
    {
        Console.WriteLine("| run | model | weights | solved | median µs | p99 µs | mean µs | guess near a posture: " +
            "median mm, ° |");
        Console.WriteLine("| --- | --- | --- | --- | ---: | ---: | ---: | --- |");
        for (var run = 1; run <= 2; run++)
        {
            foreach (var path in models)
            {
                var model = IkModel.Load(path);
                var set = Evaluation.JointSpace(model.Chain, 10000, 7);
                foreach (var weights in Enum.GetValues<InferenceWeights>())
                {
                    var r = Evaluation.Run(new IkSolver(model, weights: weights), set);
                    var (near, turn) = (r.Raw.NearPosition!.Median * 1e3, r.Raw.NearOrientation?.Median ?? 0);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {run} | {Path.GetFileNameWithoutExtension(path)} | {weights} | " +
                        $"{100.0 * r.Solved / r.Targets:F2} % | {r.Microseconds!.Median:F1} | " +
                        $"{r.Microseconds.P99:F1} | {r.MicrosecondsPerTarget:F1} | {near:F1}, " +
                        $"{turn * 180 / Math.PI:F2} |"));
                }
            }
        }
        return 0;
    }
}
