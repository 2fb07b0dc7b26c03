using System.Diagnostics;
using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- direct MODEL [rows [epochs [heads [hidden]]]]`: the direct guess's recipe
/// (DirectRecipe) trained again for a model's arm, two cores, then measured on 4,000 targets (FK of poses within the
/// limits, seed 7): the µs of the first candidate's guess, the raw error of the head tried first (median, p90), the LM
/// iterations from it, and the targets solved by LM from the first 1, 2, 4 and all heads in the search's order, each
/// refined as the search does (the solver's iterations and tolerances). What chose the recipe's rows, epochs, heads
/// and widths (benchmarks/*/direct-heads.md).
/// </summary>
public static class DirectRun
{
    const int Targets = 4000;

    public static int Run(string path, int rows, int epochs, int heads, int[]? hidden)
    {
        var model = IkModel.Load(path);
        var chain = (SpatialChain)model.Chain;
        var clock = Stopwatch.StartNew();
        Mlp direct;
        using (var twoCores = new ParallelDense())
            direct = DirectRecipe.Train(chain, DirectRecipe.Defaults(model.Training.TryGetValue("seed", out var s)
                ? ulong.Parse(s, CultureInfo.InvariantCulture) + 2 : 44) with { Epochs = epochs }, rows, heads,
                twoCores, hidden);
        var seconds = clock.Elapsed.TotalSeconds;
        var solver = new IkSolver(model.WithDirect(direct));
        var n = chain.Count;
        var all = new double[heads * n];
        var rng = new Rng(7);
        var q = new double[n];
        var micros = FirstCost(solver, chain);
        var (position, orientation, iterations) = (new List<double>(), new List<double>(), 0L);
        var solvedWithin = new int[heads + 1];
        for (var i = 0; i < Targets; i++)
        {
            PoseSampler.Draw(chain, rng, q);
            var target = chain.Forward(q);
            solver.DirectGuesses(target, all);
            var at = chain.Forward(all.AsSpan(0, n));
            position.Add(1000 * (at.P - target.P).Length);
            orientation.Add((target * at.Transposed).RotationVector().Length * 180 / Math.PI);
            var problem = new ChainTarget(chain, target, TaskBounds.Pose);
            var first = heads;
            for (var h = 0; h < heads && first == heads; h++)
            {
                all.AsSpan(h * n, n).CopyTo(q);
                var refined = Refiner.Refine(problem, q, solver.Tolerance, solver.MaxIterations);
                iterations += h == 0 ? refined.Iterations : 0;
                if (solver.Accepted(problem, q))
                    first = h;
            }
            solvedWithin[first]++;
        }
        position.Sort();
        orientation.Sort();
        double Within(int k) => 100.0 * solvedWithin.Take(Math.Min(k, heads)).Sum() / Targets;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)))} | {string.Join('-', direct.Sizes)} " +
            $"| {rows:N0} | {epochs} | {heads} | {micros:F2} | {seconds:F0} | {position[Targets / 2]:F1} " +
            $"| {position[Targets * 9 / 10]:F1} | {orientation[Targets / 2]:F2} | {(double)iterations / Targets:F2} " +
            $"| {Within(1):F2} | {Within(2):F2} | {Within(4):F2} | {Within(heads):F2} |"));
        return 0;
    }

    // µs of the first candidate's guess (GuessDirect: the trunk, the first group of heads and their ranking) over
    // 2,000 targets, the median of five rounds after three.
    static double FirstCost(IkSolver solver, SpatialChain chain)
    {
        var rng = new Rng(11);
        var q = new double[chain.Count];
        var targets = new Frame[2000];
        for (var i = 0; i < targets.Length; i++)
        {
            PoseSampler.Draw(chain, rng, q);
            targets[i] = chain.Forward(q);
        }
        var rounds = new double[8];
        for (var r = 0; r < rounds.Length; r++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var t in targets)
                solver.GuessDirect(t, q);
            rounds[r] = clock.Elapsed.TotalMicroseconds / targets.Length;
            // Pauses for the JIT's background compiles: the timed rounds run fully optimised code.
            if (r < 3)
                Thread.Sleep(200);
        }
        return rounds.Skip(3).Order().ElementAt(2);
    }
}
