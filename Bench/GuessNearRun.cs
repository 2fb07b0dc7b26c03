using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- guess-near MODEL…`: how far the network's guess lands from a target
/// as its reference comes nearer the pose the target came from (each joint moved by up to r rad, r from 0.5, the
/// training's spread, down to 0.02), and after guessing again from the guess. Position medians of 2,000 targets (FK
/// of joint vectors within the limits) per r: the reference's own, the guess's, the second guess's. A guess that
/// learned a local correction would follow the reference down; one that learned the answer alone stays at its floor.
/// </summary>
public static class GuessNearRun
{
    public static int Run(IReadOnlyList<string> models)
    {
        Console.WriteLine("| model | r (rad) | reference: median mm | guess: median mm | guess from the guess: " +
            "median mm |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var path in models)
        {
            var solver = new IkSolver(IkModel.Load(path));
            var (chain, rng) = (solver.Chain, new Rng(5));
            var (q, reference, guess, again) = (new double[chain.Count], new double[chain.Count],
                new double[chain.Count], new double[chain.Count]);
            foreach (var radius in new[] { 0.5, 0.2, 0.1, 0.05, 0.02 })
            {
                var errors = new List<double>[] { [], [], [] };
                for (var t = 0; t < 2000; t++)
                {
                    PoseSampler.Draw(chain, rng, q);
                    var target = chain.Forward(q);
                    for (var j = 0; j < q.Length; j++)
                        reference[j] = chain.Ranges[j].Clamp(q[j] + rng.Uniform(-radius, radius));
                    solver.Guess(target, reference, guess);
                    solver.Guess(target, guess, again);
                    errors[0].Add((chain.Forward(reference).P - target.P).Length);
                    errors[1].Add((chain.Forward(guess).P - target.P).Length);
                    errors[2].Add((chain.Forward(again).P - target.P).Length);
                }
                var m = errors.Select(e => e.Order().ElementAt(e.Count / 2) * 1e3).ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Path.GetFileNameWithoutExtension(path)} | {radius} | {m[0]:F1} | {m[1]:F1} | {m[2]:F1} |"));
            }
        }
        return 0;
    }
}
