using System.Diagnostics;
using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- cost MODEL…`: what the parts of a spatial solve cost on one core, each
/// timed over the same 2,000 targets (FK of poses within the limits, seed 7), in µs per call: the guess from the middle
/// of the limits and the network's pass alone (float32 and bfloat16 weights), one learned step, FK, the Jacobian, a
/// refinement of the guess per iteration, and the direct guess where the model has one (and the iterations from it).
/// Each part runs in its own loop (its data warm in cache) and the default guess also between refinements, as a
/// solve runs it. The median of five rounds, after three.
/// </summary>
public static class CostRun
{
    const int Targets = 2000, Rounds = 5;

    public static int Run(string[] models)
    {
        Console.WriteLine("| model | guess, fp32 | guess, bf16 | pass, fp32 | pass, bf16 | default guess between " +
            "refinements | one step | FK | Jacobian | LM iteration | iterations from the guess | direct guess | " +
            "iterations from the direct guess |");
        Console.WriteLine("| --- " + string.Concat(Enumerable.Repeat("| ---: ", 12)) + "|");
        foreach (var path in models)
            Row(path);
        return 0;
    }

    static void Row(string path)
    {
        var model = IkModel.Load(path);
        var (solver, stepper) = (new IkSolver(model) { Steps = 0 }, new IkSolver(model) { Steps = 1 });
        var fp32 = new IkSolver(model, weights: InferenceWeights.Fp32) { Steps = 0 };
        var bf16 = new IkSolver(model, weights: InferenceWeights.Bf16) { Steps = 0 };
        var chain = (SpatialChain)model.Chain;
        var n = chain.Count;
        var rng = new Rng(7);
        var targets = new Frame[Targets];
        var q = new double[n];
        for (var i = 0; i < Targets; i++)
        {
            PoseSampler.Draw(chain, rng, q);
            targets[i] = chain.Forward(q);
        }
        var (guess, jacobian) = (new double[n], new double[6 * n]);
        var middle = solver.Middle.ToArray();
        var sink = 0.0;
        double Time(Action<Frame> part) => Median(() =>
        {
            var clock = Stopwatch.StartNew();
            foreach (var t in targets)
                part(t);
            return clock.Elapsed.TotalMicroseconds / Targets;
        });
        var guessAlone = Time(t => fp32.Guess(t, middle, guess));
        var guessBf16 = Time(t => bf16.Guess(t, middle, guess));
        var (compact, network) = (new Bf16Network(model.Network), model.Network);
        var (input, output) = (new float[network.InputCount], new float[network.OutputCount]);
        var (scratch, compactScratch) = (new float[network.InferScratchLength(1)], new float[compact.ScratchLength]);
        var pass = Time(_ => network.Infer(input, 1, output, scratch));
        var passBf16 = Time(_ => compact.Infer(input, output, compactScratch));
        var step = Time(t =>
        {
            middle.CopyTo(guess, 0);
            stepper.Step(t, guess);
        });
        var fk = Time(_ => sink += chain.Forward(middle).P.X);
        var jac = Time(_ => chain.Jacobian(middle, jacobian));
        var (iterations, refine) = (0L, 0.0);
        var between = Median(() =>
        {
            var (guessing, refining) = (new Stopwatch(), new Stopwatch());
            iterations = 0;
            foreach (var t in targets)
            {
                guessing.Start();
                solver.Guess(t, middle, guess);
                guessing.Stop();
                refining.Start();
                iterations += Refiner.Refine(new ChainTarget(chain, t, TaskBounds.Pose), guess,
                    solver.Tolerance, solver.MaxIterations).Iterations;
                refining.Stop();
            }
            refine = refining.Elapsed.TotalMicroseconds / iterations;
            return guessing.Elapsed.TotalMicroseconds / Targets;
        });
        var direct = solver.HasDirect ? Time(t => solver.GuessDirect(t, guess)) : double.NaN;
        var fromDirect = 0L;
        foreach (var t in targets)
        {
            if (!solver.GuessDirect(t, guess))
                break;
            fromDirect += Refiner.Refine(new ChainTarget(chain, t, TaskBounds.Pose), guess, solver.Tolerance,
                solver.MaxIterations).Iterations;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)))} | {guessAlone:F2} | {guessBf16:F2} " +
            $"| {pass:F2} | {passBf16:F2} | {between:F2} " +
            $"| {step:F2} | {fk:F3} | {jac:F3} | {refine:F2} | {(double)iterations / Targets:F1} " +
            $"| {direct:F2} | {(solver.HasDirect ? $"{(double)fromDirect / Targets:F1}" : "")} |"));
        GC.KeepAlive(sink);
    }

    // Three rounds first, with pauses for the JIT's background compiles: timed code runs fully optimised.
    static double Median(Func<double> round)
    {
        for (var warm = 0; warm < 3; warm++)
        {
            round();
            Thread.Sleep(200);
        }
        var times = Enumerable.Range(0, Rounds).Select(_ => round()).Order().ToArray();
        return times[Rounds / 2];
    }
}
