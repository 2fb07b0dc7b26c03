using System.Diagnostics;
using System.Globalization;
using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Threading;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Calibration;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- real-arm [epochs]`: what `train --urdf --data` gives on a UR5 it never
/// saw: the tests' <see cref="SyntheticArm"/> (origins moved about 2 mm and tilted about 0.2°, zero offsets about
/// 0.3°, an unknown instrument frame and marker, a sag of 0.5 mm at 1 m of horizontal reach), 2,000 recorded poses
/// (0.03 mm and 0.003 mrad noise, 0.5 % gross outliers) calibrated, its residual learned, the guess network trained on
/// the corrected arm as `train` does (two cores, the preset's defaults), then 2,000 full poses the real arm reaches
/// solved and the real marker's distance from each target measured. Beside it, a network alone: the same recorded
/// positions learned as a forward map with no URDF (<see cref="ForwardMapRecipe"/>, as `train --data` learns a soft
/// arm), judged on its held-out tenth. A Markdown row on stdout; given a CSV path, also the real arm's error along its
/// workspace with the calibrated geometry alone and with the residual, for Bench/plots/error_along_svg.py.
/// </summary>
public static class RealArmRun
{
    public static int Run(string urdf, int? epochs, string? errors = null)
    {
        var arm = new SyntheticArm(Urdf.Load(urdf), 61, sag: 5e-4);
        var data = arm.Record(2000, 62, outliers: 0.005, orientation: true);
        var clock = Stopwatch.StartNew();
        var result = Calibrator.Calibrate(arm.Nominal, data);
        var calibration = clock.Elapsed.TotalSeconds;
        // As train does: the calibrated.urdf read from the robot's base, the instrument its mount.
        var file = Path.Combine(Path.GetTempPath(), $"calibrated-{Environment.ProcessId}.urdf");
        File.WriteAllText(file, CalibratedUrdf.Write(result.Model, result.Parameters, "real"));
        var fromBase = Urdf.Load(file, arm.Nominal.BaseLink, null);
        var whole = Urdf.Load(file, null, fromBase.TipLink);
        File.Delete(file);
        var chain = new SpatialChain(fromBase.BaseLink, fromBase.TipLink, fromBase.Joints, fromBase.Tip,
            whole.Joints[0].Origin * fromBase.Joints[0].Origin.Inverse);
        var kept = Enumerable.Range(0, data.Count).Where(s => !result.Outliers.Contains(s + 1)).ToArray();
        var fit = ResidualRecipe.Fit(chain, [.. kept.Select(s => data.Joints[s])],
            [.. kept.Select(s => data.Positions[s])], ResidualRecipe.Defaults(42));
        var corrected = chain.WithCorrection(fit.Residual);
        var defaults = SolverRecipe.Defaults(corrected, TaskBounds.Pose);
        var options = defaults with { Epochs = epochs ?? defaults.Epochs, Seed = 42 };
        clock.Restart();
        IkModel model;
        using (var twoCores = new ParallelDense())
            model = SolverRecipe.Train(corrected, TaskBounds.Pose, options, twoCores).Model;
        var training = clock.Elapsed.TotalSeconds;
        var solver = new IkSolver(model);
        var rng = new Rng(63);
        var (ok, later, positions, turns) = (0, 0, new List<double>(), new List<double>());
        var q = new double[chain.Count];
        for (var t = 0; t < 2000; t++)
        {
            var target = arm.Measure(arm.Pose(rng));
            var solution = solver.Solve(target);
            if (solution.Status != SolveStatus.Ok)
            {
                // What the default budget missed: found given ten times as long?
                later += solver.Solve(target, new SolveOptions { Stop = StopRule.Within(50) }).Status
                    == SolveStatus.Ok ? 1 : 0;
                continue;
            }
            ok++;
            solution.Answers[0].Theta.CopyTo(q);
            var real = arm.Measure(q);
            positions.Add((real.P - target.P).Length);
            turns.Add((target * real.Transposed).RotationVector().Length * 180 / Math.PI);
        }
        if (errors is not null)
            Along(arm, chain, corrected, errors);
        var alone = ForwardMapRecipe.Fit([.. chain.Names], data.Joints, data.Positions, false,
            ForwardMapRecipe.Defaults(42)).HeldOut;
        double At(List<double> v, double p) => HeldOutError.Quantile([.. v], p);
        Console.WriteLine("| arm | calibration | residual | training | reachable full poses ok (5 ms; the rest " +
            "within 50 ms) | real marker from the target: median, p99, max | orientation: median, p99 | a network " +
            "alone, no URDF: held out median, p95 |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(urdf)}, sag 0.5 mm/m² | {calibration:F1} s, {result.Outliers.Count} outliers | " +
            $"{(fit.Residual is null ? "not kept" : "kept")} | {options.Epochs} epochs, {training:F0} s | " +
            $"{ok / 20.0:F2} % ({later} of {2000 - ok}) | {At(positions, 0.5) * 1e3:F4}, " +
            $"{At(positions, 0.99) * 1e3:F4}, " +
            $"{positions.Max() * 1e3:F4} mm | {At(turns, 0.5):F5}°, {At(turns, 0.99):F5}° | " +
            $"{HeldOutError.Quantile(alone, 0.5) * 1e3:F2}, {HeldOutError.Quantile(alone, 0.95) * 1e3:F2} mm |"));
        return 0;
    }

    // Rows "reach,geometry,residual": 1,000 fresh poses' horizontal reach from the base axis (m) and the real marker's
    // distance from where the calibrated chain puts it, alone and with the residual (m).
    static void Along(SyntheticArm arm, SpatialChain geometry, SpatialChain corrected, string path)
    {
        var rng = new Rng(64);
        var lines = new List<string> { "reach,geometry,residual" };
        for (var t = 0; t < 1000; t++)
        {
            var q = arm.Pose(rng);
            var (tip, real) = (arm.Nominal.Forward(q).P, arm.Measure(q).P);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Math.Sqrt(tip.X * tip.X + tip.Y * tip.Y):R}," +
                $"{(real - geometry.Forward(q).P).Length:R},{(real - corrected.Forward(q).P).Length:R}"));
        }
        File.WriteAllLines(path, lines);
    }
}
