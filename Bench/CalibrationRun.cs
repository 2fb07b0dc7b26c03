using System.Diagnostics;
using System.Globalization;
using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Calibration;
using NeuralIk.Tests.Support;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- calibration`: `calibrate`'s figures on synthetic real arms (the tests'
/// <see cref="SyntheticArm"/>: origins moved about 2 mm and tilted about 0.2°, zero offsets about 0.3°, an unknown
/// instrument frame and marker), 2,000 recorded positions with 0.03 mm noise and 0.5 % gross outliers, with and
/// without a sag no geometry expresses (0.5 mm at 1 m of horizontal reach). Each calibrated chain is judged against
/// the arm's true kinematics on 1,000 fresh poses, alone and with the residual `train` learns on top of it
/// (<see cref="ResidualRecipe"/>, kept only where the held-out samples say it helps). A Markdown table on stdout, for
/// benchmarks/&lt;cpu&gt;/.
/// </summary>
public static class CalibrationRun
{
    static readonly TrainingOptions Options = ResidualRecipe.Defaults(1);

    public static int Run()
    {
        string Robot(params string[] parts) => Path.Combine([Repository.Root, "data", "robots", .. parts]);
        (string Name, SpatialChain Chain)[] arms =
        [
            ("UR5 (maker's URDF)", Urdf.Load(Robot("ur5", "ur5.urdf"))),
            ("UR5 (DH)", Urdf.Load(Robot("ur5-dh.urdf"))),
            ("iiwa7", Urdf.Load(Robot("iiwa7.urdf"))),
            ("Panda", Urdf.Load(Robot("panda", "panda_arm_hand.urdf"), tipLink: "panda_link8")),
        ];
        Console.WriteLine("| arm | sag | held out: nominal, median | calibrated: median, p95 | calibrated chain " +
            "against the real arm: median, p95, p99, max | with the learned residual: median, p95, p99, max | " +
            "outliers found / injected | seconds: calibration, residual |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var sag in new[] { 0.0, 5e-4 })
        {
            for (var a = 0; a < arms.Length; a++)
            {
                var arm = new SyntheticArm(arms[a].Chain, 100 + (ulong)a, sag: sag);
                var data = arm.Record(2000, 200 + (ulong)a, outliers: 0.005);
                var injected = Enumerable.Range(0, data.Count)
                    .Count(s => (arm.Measure(data.Joints[s]).P - data.Positions[s]).Length > 1e-3);
                var clock = Stopwatch.StartNew();
                var result = Calibrator.Calibrate(arm.Nominal, data);
                var seconds = clock.Elapsed.TotalSeconds;
                var chain = result.Chain;
                var kept = Enumerable.Range(0, data.Count).Where(s => !result.Outliers.Contains(s + 1)).ToArray();
                clock.Restart();
                var fit = ResidualRecipe.Fit(chain, [.. kept.Select(s => data.Joints[s])],
                    [.. kept.Select(s => data.Positions[s])], Options);
                var residualSeconds = clock.Elapsed.TotalSeconds;
                var corrected = chain.WithCorrection(fit.Residual);
                var rng = new Rng(300 + (ulong)a);
                var poses = Enumerable.Range(0, 1000).Select(_ => arm.Pose(rng)).ToArray();
                string Errors(SpatialChain c)
                {
                    var e = poses.Select(q => (arm.Measure(q).P - c.Forward(q).P).Length).ToArray();
                    return string.Create(CultureInfo.InvariantCulture, $"{HeldOutError.Quantile(e, 0.5) * 1e3:F4}, " +
                        $"{HeldOutError.Quantile(e, 0.95) * 1e3:F4}, {HeldOutError.Quantile(e, 0.99) * 1e3:F4}, " +
                        $"{e.Max() * 1e3:F4} mm");
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {arms[a].Name} | {sag * 1e3:F1} mm/m² | {result.Before.Median * 1e3:F3} mm | " +
                    $"{result.After.Median * 1e3:F4}, {result.After.P95 * 1e3:F4} mm | {Errors(chain)} | " +
                    $"{(fit.Residual is null ? "not kept (no help on the held-out fifth)" : Errors(corrected))} | " +
                    $"{result.Outliers.Count} / {injected} | {seconds:F2}, {residualSeconds:F2} |"));
            }
        }
        return 0;
    }
}
