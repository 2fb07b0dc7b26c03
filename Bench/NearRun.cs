using System.Diagnostics;
using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- near MODEL [MODEL…]`: answers near the current posture, as a robot asks
/// for them. Per model, 2,000 targets: FK of a pose q0 within the limits, the current posture q0 moved by up to 0.2
/// rad per joint (kept within the limits), solved (full pose, one answer, the defaults) without a current posture,
/// with it (first found), and with it (nearest within the 5 ms budget), alternated target by target on one core.
/// Reported: the share answered within 0.3 rad of the current posture in the largest joint change (L∞), the median
/// change, and the mean µs per target. A Markdown table on stdout.
/// </summary>
public static class NearRun
{
    static readonly int[] StepCounts = [IkSolver.DefaultNearSteps, 6, IkSolver.DefaultSteps];

    public static int Run(IReadOnlyList<string> models)
    {
        Console.WriteLine("| model | asked | ok | within 0.3 rad of the current posture (L∞) | median change | " +
            "mean µs |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var path in models)
        {
            var solver = new IkSolver(IkModel.Load(path)) { Steps = 0, NearSteps = 0 };
            IkSolver Stepped(int k) => new(solver.Model) { NearSteps = k };
            var chain = solver.Chain;
            var rng = new Rng(71);
            Func<double[], SolveOptions> first = q => new SolveOptions { Answers = 1, Near = q };
            (string Name, IkSolver Solver, Func<double[], SolveOptions> Options)[] ways =
            [
                ("no current posture", solver, _ => new SolveOptions { Answers = 1 }),
                ("--near (first) --steps 0", solver, first),
                .. StepCounts.Where(_ => solver.Model.Step is not null).Select(k =>
                    ($"--near (first) --steps {k}", Stepped(k), first)),
                ("--near --near-mode nearest --steps 0", solver, q => new SolveOptions { Answers = 1, Near = q,
                    NearMode = NearMode.Nearest }),
            ];
            var stats = ways.Select(_ => (Ok: 0, Within: 0, Changes: new List<double>(), Seconds: 0.0)).ToArray();
            var q0 = new double[chain.Count];
            for (var t = 0; t < 2000; t++)
            {
                PoseSampler.Draw(chain, rng, q0);
                var target = chain.Forward(q0);
                var near = q0.Select((v, j) => chain.Ranges[j].Clamp(v + rng.Uniform(-0.2, 0.2))).ToArray();
                for (var w = 0; w < ways.Length; w++)
                {
                    var clock = Stopwatch.StartNew();
                    var solution = ways[w].Solver.Solve(target, ways[w].Options(near));
                    stats[w].Seconds += clock.Elapsed.TotalSeconds;
                    if (solution.Status != SolveStatus.Ok)
                        continue;
                    var change = IkSolver.Change(solution.Answers[0].Theta, near);
                    stats[w].Ok++;
                    stats[w].Within += change <= 0.3 ? 1 : 0;
                    stats[w].Changes.Add(change);
                }
            }
            for (var w = 0; w < ways.Length; w++)
            {
                var s = stats[w];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Path.GetFileName(Path.GetDirectoryName(path))} | {ways[w].Name} | {s.Ok / 20.0:F2} % | " +
                    $"{s.Within / 20.0:F2} % | {s.Changes.Order().ElementAt(s.Changes.Count / 2):F3} rad | " +
                    $"{s.Seconds / 2000 * 1e6:F1} |"));
            }
        }
        return 0;
    }
}
