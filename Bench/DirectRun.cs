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
/// `dotnet run --project Bench -c Release -- direct MODEL [rows [epochs [rounds]]]`: the direct guess's recipe
/// (DirectRecipe) trained again on a model's guess network and learned step, two cores, then measured on 2,000
/// targets (FK of poses within the limits, seed 7): its raw error (median, p90) and the LM iterations from it. What
/// chose the recipe's rows, epochs and rounds (benchmarks/*/direct-guess.md).
/// </summary>
public static class DirectRun
{
    const int Targets = 2000;

    public static int Run(string path, int rows, int epochs, int rounds, int[]? hidden)
    {
        var model = IkModel.Load(path);
        var chain = (SpatialChain)model.Chain;
        var clock = Stopwatch.StartNew();
        Mlp direct;
        using (var twoCores = new ParallelDense())
            direct = DirectRecipe.Train(chain, new IkSolver(model.WithDirect(null)),
                DirectRecipe.Defaults(model.Training.TryGetValue("seed", out var s) ? ulong.Parse(s,
                    CultureInfo.InvariantCulture) + 2 : 44) with { Epochs = epochs }, rows, rounds, twoCores, hidden);
        var seconds = clock.Elapsed.TotalSeconds;
        var solver = new IkSolver(model.WithDirect(direct));
        var pass = Stopwatch.StartNew();
        var (q0, g0) = (new double[chain.Count], new double[chain.Count]);
        var at0 = chain.Forward(q0);
        for (var i = 0; i < 20000; i++)
            solver.GuessDirect(at0, g0);
        var micros = pass.Elapsed.TotalMicroseconds / 20000;
        var rng = new Rng(7);
        var (q, guess) = (new double[chain.Count], new double[chain.Count]);
        var (position, orientation, iterations) = (new List<double>(), new List<double>(), 0L);
        for (var i = 0; i < Targets; i++)
        {
            PoseSampler.Draw(chain, rng, q);
            var target = chain.Forward(q);
            solver.GuessDirect(target, guess);
            var at = chain.Forward(guess);
            position.Add(1000 * (at.P - target.P).Length);
            orientation.Add((target * at.Transposed).RotationVector().Length * 180 / Math.PI);
            iterations += Refiner.Refine(new ChainTarget(chain, target, TaskBounds.Pose), guess, solver.Tolerance,
                solver.MaxIterations).Iterations;
        }
        position.Sort();
        orientation.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)))} | {string.Join('-', direct.Sizes)} " +
            $"| {rows:N0} | {epochs} | {rounds} | {micros:F2} " +
            $"| {seconds:F0} | {position[Targets / 2]:F1} | {position[Targets * 9 / 10]:F1} " +
            $"| {orientation[Targets / 2]:F2} | {(double)iterations / Targets:F2} |"));
        return 0;
    }
}
