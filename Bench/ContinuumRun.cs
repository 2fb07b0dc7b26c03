using System.Diagnostics;
using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Calibration;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- continuum [epochs]`: the tests' two-segment, five-actuator continuum arm
/// (<see cref="ContinuumArm"/>) learned from 20,000 recorded positions with 0.2 mm noise as `train --data` learns it
/// (<see cref="ForwardMapRecipe"/> on both cores: the forward map, then the guess), then solved by the one solver:
/// 1,000 targets the real arm reaches, judged on its true kinematics, and 1,000 targets beyond what the recordings
/// reached (more than two workspace cells from every recorded position), which must never be ok. A Markdown row on
/// stdout, for benchmarks/&lt;cpu&gt;/; given a CSV path, also three targets' answers (up to three each) as the real
/// arm's backbone, for Bench/plots/continuum_svg.py.
/// </summary>
public static class ContinuumRun
{
    public static int Run(int epochs, string? drawing = null)
    {
        var (actuators, positions) = ContinuumArm.Record(20000, 5);
        var options = ForwardMapRecipe.Defaults(6) with { Epochs = epochs };
        var guessOptions = ForwardMapRecipe.GuessSchedule(options);
        var clock = Stopwatch.StartNew();
        using var twoCores = new ParallelDense();
        var (chain, heldOut, _) = ForwardMapRecipe.Fit(ContinuumArm.Names, actuators, positions, false, options, null,
            null, twoCores);
        var (model, _) = ForwardMapRecipe.Guess(chain, actuators, guessOptions, null, null, twoCores);
        var seconds = clock.Elapsed.TotalSeconds;
        var solver = new IkSolver(model);
        var rng = new Rng(7);
        var (errors, ok, outsideRanges) = (new List<double>(), 0, 0);
        var q = new double[chain.Count];
        for (var t = 0; t < 1000; t++)
        {
            var target = ContinuumArm.Tip(ContinuumArm.Actuators(rng));
            var solution = solver.Solve(Frame.Translation(target));
            if (solution.Status != SolveStatus.Ok)
                continue;
            ok++;
            solution.Answers[0].Theta.CopyTo(q);
            outsideRanges += q.Take(4).All(v => v is >= -1 and <= 1) && q[4] is >= 0 and <= 1 ? 0 : 1;
            errors.Add((ContinuumArm.Tip(q) - target).Length);
        }
        var (low, high) = (chain.Workspace.Low, chain.Workspace.High);
        var size = high - low;
        var cell = new Vec3(size.X / chain.Workspace.Counts[0], size.Y / chain.Workspace.Counts[1],
            size.Z / chain.Workspace.Counts[2]).Length;
        var (beyond, falseOk) = (0, 0);
        while (beyond < 1000)
        {
            var p = low + new Vec3(rng.Uniform(-0.5, 1.5) * size.X, rng.Uniform(-0.5, 1.5) * size.Y,
                rng.Uniform(-0.5, 1.5) * size.Z);
            if (positions.Min(r => (r - p).Length) <= 2 * cell)
                continue;
            beyond++;
            falseOk += solver.Solve(Frame.Translation(p)).Status == SolveStatus.Ok ? 1 : 0;
        }
        if (drawing is not null)
            Draw(solver, drawing);
        double Mm(IReadOnlyList<double> e, double p) => e.Order().ElementAt((int)(p * (e.Count - 1))) * 1e3;
        Console.WriteLine("| samples | networks | training (2 cores) | learned map against held-out measurements: " +
            "median, p95 | reachable targets ok | real arm from the ok answers: median, p95, max | actuators outside " +
            "their ranges | ok beyond the recordings |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| 20,000 | 5-{string.Join('-', ForwardMapRecipe.Hidden)}-3, guess {model.Architecture} | " +
            $"{options.Epochs} + {guessOptions.Epochs} epochs, {seconds:F0} s | {Mm(heldOut, 0.5):F3}, " +
            $"{Mm(heldOut, 0.95):F3} mm | {ok / 10.0:F1} % | {Mm(errors, 0.5):F3}, {Mm(errors, 0.95):F3}, " +
            $"{errors.Max() * 1e3:F3} mm | {outsideRanges} | {falseOk} of {beyond} |"));
        return 0;
    }

    // Rows "target,answer,x,y,z": the target itself as answer 0, then each answer's backbone on the real arm.
    static void Draw(IkSolver solver, string path)
    {
        var rng = new Rng(8);
        var lines = new List<string> { "target,answer,x,y,z" };
        var q = new double[solver.Chain.Count];
        for (var t = 1; t <= 3; t++)
        {
            var target = ContinuumArm.Tip(ContinuumArm.Actuators(rng));
            lines.Add(Row(t, 0, target));
            var answers = solver.Solve(Frame.Translation(target), new SolveOptions { Answers = 3 }).Solved.ToList();
            for (var a = 0; a < answers.Count; a++)
            {
                answers[a].Theta.CopyTo(q);
                lines.AddRange(ContinuumArm.Backbone(q, 12).Select(p => Row(t, a + 1, p)));
            }
        }
        File.WriteAllLines(path, lines);
    }

    static string Row(int target, int answer, Vec3 p) =>
        string.Create(CultureInfo.InvariantCulture, $"{target},{answer},{p.X:R},{p.Y:R},{p.Z:R}");
}
