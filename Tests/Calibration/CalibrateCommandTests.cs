using System.Globalization;
using System.Text.Json;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Calibration;

/// <summary>
/// `calibrate` from the command line: a synthetic real UR5 recorded to a CSV, calibrated, and its calibrated.urdf
/// read back and judged against the real arm; bad input gets one line naming the file (exit 2).
/// </summary>
[Collection("console")]
public sealed class CalibrateCommandTests : TempFolder
{
    static readonly string Ur5 = TestRobots.File("ur5-dh.urdf");

    [Fact]
    public void Calibrate_writes_a_urdf_that_puts_the_marker_where_the_real_arm_does()
    {
        var arm = new SyntheticArm(Urdf.Load(Ur5), 31);
        arm.Write(In("recorded.csv"), arm.Record(600, 32, outliers: 0.01));
        var run = CliProcess.Run("calibrate", "--urdf", Ur5, "--data", In("recorded.csv"), "--out", In("cal"));
        Assert.True(run.Code == 0, run.Error);
        Assert.Contains("outliers:", run.Out, StringComparison.Ordinal);
        var calibrated = Urdf.Load(In("cal/calibrated.urdf"));
        var rng = new Rng(33);
        var worst = Enumerable.Range(0, 200).Select(_ => arm.Pose(rng))
            .Max(q => (arm.Measure(q).P - calibrated.Forward(q).P).Length);
        Assert.True(worst < 2e-4, $"worst {worst * 1e3} mm");
        Assert.Contains("| calibrated, mm |", File.ReadAllText(In("cal/calibration.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_with_recorded_data_answers_commands_that_put_the_real_marker_on_the_target()
    {
        var arm = new SyntheticArm(Urdf.Load(Ur5), 36);
        arm.Write(In("recorded.csv"), arm.Record(600, 37, outliers: 0.01));
        var run = CliProcess.Run("train", "--urdf", Ur5, "--data", In("recorded.csv"), "--epochs", "1", "--out",
            In("real"), "--threads", "1");
        Assert.True(run.Code == 0, run.Error);
        Assert.Contains("calibrated on 480 samples", run.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(In("real/calibrated.urdf")));
        var target = arm.Measure([0.4, -1.0, 1.2, -0.3, 0.9, 0.1]);
        var (x, y, z, w) = target.Quaternion();
        string[] numbers = [.. new[] { target.P.X, target.P.Y, target.P.Z, x, y, z, w }
            .Select(v => v.ToString("R", CultureInfo.InvariantCulture))];
        var solve = CliProcess.Run(["solve", .. numbers, "--model", In("real/model.safetensors"), "--answers", "1",
            "--budget-ms", "50", "--json"]);
        Assert.True(solve.Code == 0, solve.Error);
        using var doc = JsonDocument.Parse(solve.Out);
        var answer = doc.RootElement.GetProperty("answers")[0];
        Assert.Equal("ok", answer.GetProperty("status").GetString());
        double[] q = [.. answer.GetProperty("theta").EnumerateArray().Select(t => t.GetDouble())];
        var reached = arm.Measure(q);
        Assert.True((reached.P - target.P).Length < 5e-5, $"{(reached.P - target.P).Length * 1e3} mm on the real arm");
        var eval = CliProcess.Run("eval", "--model", In("real/model.safetensors"), "--samples", "50");
        Assert.Contains("[recorded data] calibrated on 480 recorded poses; 120 held out", eval.Out,
            StringComparison.Ordinal);
    }

    // A sag the geometry cannot express: train learns it on top of the calibration, keeps it (it helps on held-out
    // samples), stores it in the model, and the answers put the real marker nearer the target than the geometry can.
    [Fact]
    public void Train_learns_what_the_calibration_leaves_and_solves_with_it()
    {
        var arm = new SyntheticArm(Urdf.Load(Ur5), 39, sag: 1e-3);
        arm.Write(In("recorded.csv"), arm.Record(2000, 40, outliers: 0.005));
        var run = CliProcess.Run("train", "--urdf", Ur5, "--data", In("recorded.csv"), "--epochs", "1", "--out",
            In("sag"), "--threads", "1");
        Assert.True(run.Code == 0, run.Error);
        Assert.Contains("with it (p95", run.Error, StringComparison.Ordinal);
        Assert.Contains(": kept", run.Error, StringComparison.Ordinal);
        var rng = new Rng(41);
        var geometry = Urdf.Load(In("sag/calibrated.urdf"));
        var (misses, gaps) = (new List<double>(), new List<double>());
        for (var t = 0; t < 15; t++)
        {
            var target = arm.Measure(arm.Pose(rng)).P;
            string[] numbers = [.. new[] { target.X, target.Y, target.Z }
                .Select(v => v.ToString("R", CultureInfo.InvariantCulture))];
            var solve = CliProcess.Run(["solve", .. numbers, "--model", In("sag/model.safetensors"), "--answers", "1",
                "--budget-ms", "50", "--json"]);
            using var doc = JsonDocument.Parse(solve.Out);
            var answer = doc.RootElement.GetProperty("answers")[0];
            Assert.Equal("ok", answer.GetProperty("status").GetString());
            double[] q = [.. answer.GetProperty("theta").EnumerateArray().Select(v => v.GetDouble())];
            misses.Add((arm.Measure(q).P - target).Length);
            // What the calibrated geometry alone would have missed by, there.
            gaps.Add((arm.Measure(q).P - geometry.Forward(q).P).Length);
        }
        var (miss, gap) = (misses.Order().ElementAt(7), gaps.Order().ElementAt(7));
        Assert.True(miss < 0.7 * gap, $"median {miss * 1e3} mm with the residual, {gap * 1e3} mm without");
        var eval = CliProcess.Run("eval", "--model", In("sag/model.safetensors"), "--samples", "50");
        Assert.Contains("[recorded data] learned residual kept", eval.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Recorded_data_without_the_joints_names_is_refused_with_its_line()
    {
        File.WriteAllLines(In("bad.csv"), ["a,b,c,d,e,f,x,y,z", "0,0,0,0,0,0,1,2,3"]);
        CliProcess.BadInput(CliProcess.Run("calibrate", "--urdf", Ur5, "--data", In("bad.csv"), "--out", In("o")),
            "bad.csv:1: header");
        Assert.False(Directory.Exists(In("o")));
    }

    [Fact]
    public void Poses_that_never_move_are_refused_as_too_alike()
    {
        var arm = new SyntheticArm(Urdf.Load(Ur5), 38);
        var still = arm.Record(100, 39, noise: 0);
        var q = still.Joints[0];
        arm.Write(In("still.csv"), new(Enumerable.Repeat(q, 100).ToArray(), Enumerable.Repeat(arm.Measure(q).P, 100)
            .ToArray(), null));
        CliProcess.BadInput(CliProcess.Run("calibrate", "--urdf", Ur5, "--data", In("still.csv"), "--out", In("o")),
            "too alike to calibrate");
    }

    [Fact]
    public void Too_few_samples_are_refused_saying_how_many_are_needed()
    {
        var arm = new SyntheticArm(Urdf.Load(Ur5), 34);
        arm.Write(In("few.csv"), arm.Record(12, 35));
        CliProcess.BadInput(CliProcess.Run("calibrate", "--urdf", Ur5, "--data", In("few.csv"), "--out", In("o")),
            "12 samples are too few");
    }
}
