using System.Text.Json;
using NeuralIk.Engine.Solving;
using NeuralIk.Tests.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>
/// The command line with a spatial arm: `train --urdf` writes a self-contained model, `solve X Y Z QX QY QZ QW`
/// answers with the joints named as in the robot file, batches echo the user's numbers, and bad input gets one
/// line naming what and where (exit 2).
/// </summary>
[Collection("console")]
public sealed class SpatialCliTests : TempFolder
{
    static readonly string Ur5 = Path.Combine(Repository.Root, "data", "robots", "ur5-dh.urdf");

    string Model()
    {
        var path = In("ur5.safetensors");
        new SpatialFixture().Model.Save(path);
        return path;
    }

    [Fact]
    public void Train_reads_the_robot_file_and_the_model_solves_without_it()
    {
        var copy = In("robot.urdf");
        File.Copy(Ur5, copy);
        var run = CliProcess.Run("train", "--urdf", copy, "--epochs", "1", "--out", In("out"), "--threads", "1");
        Assert.True(run.Code == 0, run.Error);
        Assert.Contains("6-joint arm base → tool", run.Error, StringComparison.Ordinal);
        Assert.Contains("then the learned step: MLP 28-128-128-128-6, 1 epochs", run.Error, StringComparison.Ordinal);
        Assert.Contains("re-verification", run.Out, StringComparison.Ordinal);
        File.Delete(copy);
        var trained = Path.Combine(In("out"), "model.safetensors");
        var (stepped, plain) = (CliProcess.Run("eval", "--model", trained, "--samples", "20", "--json"),
            CliProcess.Run("eval", "--model", trained, "--samples", "20", "--steps", "0", "--json"));
        Assert.True(stepped.Code == 0 && plain.Code == 0, stepped.Error + plain.Error);
        using (JsonDocument a = JsonDocument.Parse(stepped.Out), b = JsonDocument.Parse(plain.Out))
        {
            Assert.Equal(IkSolver.DefaultSteps, a.RootElement[0].GetProperty("steps").GetInt32());
            Assert.Equal(JsonValueKind.Null, b.RootElement[0].GetProperty("steps").ValueKind);
        }
        CliProcess.BadInput(CliProcess.Run("eval", "--model", trained, "--steps", "17"), "--steps must be 0 to 16");
        var export = CliProcess.Run("export", "--model", trained, "--onnx", In("arm.onnx"), "--step-onnx",
            In("step.onnx"), "--direct-onnx", In("direct.onnx"));
        Assert.True(export.Code == 0 && File.Exists(In("step.onnx")) && File.Exists(In("direct.onnx")), export.Error);
        CliProcess.BadInput(CliProcess.Run("export", "--model", Model(), "--onnx", In("plain.onnx"), "--step-onnx",
            In("none.onnx")), "--step-onnx: this model has no learned step");
        CliProcess.BadInput(CliProcess.Run("export", "--model", Model(), "--onnx", In("plain.onnx"), "--direct-onnx",
            In("none.onnx")), "--direct-onnx: this model has no direct guess");
        Assert.False(File.Exists(In("plain.onnx")) || File.Exists(In("none.onnx")));
        CliProcess.BadInput(CliProcess.Run("eval", "--model", Model(), "--steps", "1"),
            "--steps: this model has no learned step");
        var target = TestRobots.Named("ur5-dh").Forward([0.4, -1.0, 1.2, -0.3, 0.9, 0.1]);
        var (x, y, z, w) = target.Quaternion();
        var solve = CliProcess.Run("solve", N(target.P.X), N(target.P.Y), N(target.P.Z), N(x), N(y), N(z), N(w),
            "--model", Path.Combine(In("out"), "model.safetensors"), "--answers", "1", "--budget-ms", "50", "--json");
        Assert.True(solve.Code == 0, solve.Error);
        using var doc = JsonDocument.Parse(solve.Out);
        var answer = doc.RootElement.GetProperty("answers")[0];
        Assert.Equal("ok", answer.GetProperty("status").GetString());
        Assert.Equal("shoulder_pan_joint", doc.RootElement.GetProperty("joints")[0].GetString());
        Assert.True(answer.GetProperty("position_error").GetDouble() <= 1e-6);
    }

    [Fact]
    public void A_batch_names_each_joint_and_echoes_the_numbers_as_given()
    {
        var input = In("targets.csv");
        var target = TestRobots.Named("ur5-dh").Forward([0.4, -1.0, 1.2, -0.3, 0.9, 0.1]);
        var (x, y, z, w) = target.Quaternion();
        File.WriteAllText(input, $"x,y,z,qx,qy,qz,qw\n{N(target.P.X)},{N(target.P.Y)},{N(target.P.Z)},{N(x)},{N(y)}," +
            $"{N(z)},{N(w)}\n\n3,0,0,0,0,0,1\n");
        var output = In("out.csv");
        var run = CliProcess.Run("solve", "--model", Model(), "--input", input, "--output", output, "--answers", "2");
        Assert.True(run.Code == 0, run.Error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("x,y,z,qx,qy,qz,qw,status,answer,branch,shoulder_pan_joint,shoulder_lift_joint,elbow_joint," +
            "wrist_1_joint,wrist_2_joint,wrist_3_joint,position_error,orientation_error", lines[0]);
        Assert.StartsWith($"{N(target.P.X)},{N(target.P.Y)},", lines[1], StringComparison.Ordinal);
        Assert.Contains(",ok,1,,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("3,0,0,0,0,0,1,out_of_reach,", lines[^1], StringComparison.Ordinal);
        Assert.Equal(18, lines[^1].Split(',').Length);
    }

    [Fact]
    public void Render_and_trajectory_draw_a_spatial_arm()
    {
        var model = Model();
        var render = CliProcess.Run("render", "0.3", "0.2", "0.4", "0", "1", "0", "0", "--model", model, "--out",
            In("pose.png"), "--answers", "2");
        Assert.True(render.Code == 0, render.Error);
        using (var image = SkiaSharp.SKBitmap.Decode(In("pose.png")))
            Assert.Equal((960, 688), (image.Width, image.Height));
        var run = CliProcess.Run("trajectory", "--line", "0.3,0.1,0.4,0.35,0.2,0.4", "--points", "20", "--model",
            model, "--out", In("path.png"), "--csv", In("path.csv"), "--quaternion", "0,1,0,0");
        Assert.True(run.Code == 0, run.Error + run.Out);
        Assert.Contains("20/20 points solved", run.Out, StringComparison.Ordinal);
        var lines = File.ReadAllLines(In("path.csv"));
        Assert.Equal(21, lines.Length);
        Assert.StartsWith("index,x,y,z,status,shoulder_pan_joint,", lines[0], StringComparison.Ordinal);
        Assert.True(File.Exists(In("path.png")));
    }

    [Fact]
    public void Bad_targets_and_options_get_one_line_naming_them()
    {
        var model = Model();
        CliProcess.BadInput(CliProcess.Run("solve", "0.3", "0.2", "0.4", "0", "0", "0", "0", "--model", model),
            "norm is 0");
        CliProcess.BadInput(CliProcess.Run("solve", "0.3", "0.2", "0.4", "0", "0", "0", "1.01", "--model", model),
            "norm is 1.01");
        CliProcess.BadInput(CliProcess.Run("solve", "0.3", "0.2", "0.4", "0", "1", "--model", model),
            "all four of QX QY QZ QW");
        CliProcess.BadInput(CliProcess.Run("solve", "0.3", "0.2", "--model", model), "X Y Z");
        CliProcess.BadInput(CliProcess.Run("solve", "0.3", "0.2", "0.4", "0", "0", "0", "1", "--model", model,
            "--elbow", "up"), "--elbow is for planar arms");
        var input = In("bad.csv");
        File.WriteAllText(input, "x,y,z,qx,qy,qz,qw\n0.1,0.2,0.3,0,0,0,1\n\n0.1,0.2,0.3,0,0,0,2\n");
        CliProcess.BadInput(CliProcess.Run("solve", "--model", model, "--input", input, "--output", In("o.csv")),
            $"{input}:4: the quaternion's norm is 2");
        File.WriteAllText(input, "x,y,z,qx,qy,qz,qw\n0.1,0.2,0.3,0,0,1\n");
        CliProcess.BadInput(CliProcess.Run("solve", "--model", model, "--input", input, "--output", In("o.csv")),
            $"{input}:2");
        Assert.False(File.Exists(In("o.csv")));
        CliProcess.BadInput(CliProcess.Run("trajectory", "--circle", "0,0,1", "--model", model),
            "--circle: give [cx, cy, cz, r] for an arm in space, got 3 numbers");
        CliProcess.BadInput(CliProcess.Run("trajectory", "--circle", "0.3,0,0.3,0.1", "--elbow", "up", "--model",
            model), "--elbow is for planar arms");
        CliProcess.BadInput(CliProcess.Run("trajectory", "--line", "0.3,0,0.3,0.3,0.2,0.3", "--quaternion",
            "0,0,0,2", "--model", model), "--quaternion: the quaternion's norm is 2");
        CliProcess.BadInput(CliProcess.Run("train", "--urdf", In("missing.urdf"), "--out", In("t")), "missing.urdf");
        CliProcess.BadInput(CliProcess.Run("train", "--urdf", Ur5, "--links", "1,1", "--out", In("t")),
            "--links is for planar arms");
        CliProcess.BadInput(CliProcess.Run("train", "--tip", "tool", "--out", In("t")), "give --urdf FILE");
        CliProcess.BadInput(CliProcess.Run("train", "--urdf", Ur5, "--tip", "nowhere", "--out", In("t")), "nowhere");
        var slider = In("slider.urdf");
        File.WriteAllText(slider, File.ReadAllText(Ur5).Replace("name=\"wrist_3_joint\" type=\"revolute\"",
            "name=\"wrist_3_joint\" type=\"prismatic\"", StringComparison.Ordinal));
        CliProcess.BadInput(CliProcess.Run("train", "--urdf", slider, "--out", In("t")),
            "joint 'wrist_3_joint' is prismatic");
    }

    // The ablation as a feature: the same search from the same references, each refined itself.
    [Fact]
    public void Guess_none_solves_from_the_references_themselves_and_a_planar_arm_refuses_it()
    {
        var model = Model();
        var target = TestRobots.Named("ur5-dh").Forward([0.4, -1.0, 1.2, -0.3, 0.9, 0.1]);
        var (x, y, z, w) = target.Quaternion();
        var solve = CliProcess.Run("solve", N(target.P.X), N(target.P.Y), N(target.P.Z), N(x), N(y), N(z), N(w),
            "--model", model, "--answers", "1", "--budget-ms", "50", "--guess", "none", "--json");
        Assert.True(solve.Code == 0, solve.Error);
        using var doc = JsonDocument.Parse(solve.Out);
        var answer = doc.RootElement.GetProperty("answers")[0];
        Assert.Equal("ok", answer.GetProperty("status").GetString());
        Assert.True(answer.GetProperty("position_error").GetDouble() <= 1e-6);
        var eval = CliProcess.Run("eval", "--model", model, "--samples", "30", "--guess", "none", "--json");
        Assert.True(eval.Code == 0, eval.Error);
        using var report = JsonDocument.Parse(eval.Out);
        Assert.Equal("none", report.RootElement[0].GetProperty("guess").GetString());
        var planar = In("planar.safetensors");
        SolverFixture.DefaultModel.Value.Save(planar);
        CliProcess.BadInput(CliProcess.Run("solve", "1", "0.5", "--model", planar, "--guess", "none"),
            "--guess none is for arms searched from references");
        CliProcess.BadInput(CliProcess.Run("solve", "1", "0.5", "--model", planar, "--near", "0.1,0.2"),
            "--near is for arms searched from references");
    }

    // The current posture: the answer that starts there, the joints it gives back within 0.2 rad of it (the pose the
    // target came from is 0.05 rad away).
    [Fact]
    public void Near_answers_from_the_current_posture()
    {
        var model = Model();
        double[] q0 = [0.4, -1.0, 1.2, -0.3, 0.9, 0.1];
        var target = TestRobots.Named("ur5-dh").Forward(q0);
        var (x, y, z, w) = target.Quaternion();
        var near = string.Join(',', q0.Select(v => N(v + 0.05)));
        var solve = CliProcess.Run("solve", N(target.P.X), N(target.P.Y), N(target.P.Z), N(x), N(y), N(z), N(w),
            "--model", model, "--answers", "1", "--near", near, "--json");
        Assert.True(solve.Code == 0, solve.Error);
        using var doc = JsonDocument.Parse(solve.Out);
        var theta = doc.RootElement.GetProperty("answers")[0].GetProperty("theta").EnumerateArray()
            .Select(t => t.GetDouble()).ToArray();
        Assert.True(theta.Zip(q0, (a, b) => Math.Abs(a - b - 0.05)).Max() < 0.2, string.Join(", ", theta));
        // A batch: each target's current posture in its joints' columns after the target's.
        var names = TestRobots.Named("ur5-dh").Names;
        File.WriteAllLines(In("near.csv"), [$"x,y,z,qx,qy,qz,qw,{string.Join(',', names)}",
            string.Join(',', new[] { target.P.X, target.P.Y, target.P.Z, x, y, z, w }.Select(N)) + "," + near]);
        var batch = CliProcess.Run("solve", "--model", model, "--answers", "1", "--input", In("near.csv"), "--output",
            In("near-out.csv"));
        Assert.True(batch.Code == 0, batch.Error);
        var row = File.ReadAllLines(In("near-out.csv"))[1].Split(',');
        Assert.Equal("ok", row[7]);
        var joints = row[10..16].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(joints.Zip(q0, (a, b) => Math.Abs(a - b - 0.05)).Max() < 0.2, string.Join(", ", row));
        CliProcess.BadInput(CliProcess.Run("solve", "0.3", "0.1", "0.4", "--model", model, "--near", "0.1"),
            "--near: 1 values for an arm of 6 joints");
    }

    static string N(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
