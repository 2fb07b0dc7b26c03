using System.Globalization;
using System.Text.Json;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Calibration;

/// <summary>
/// `train --data` with no URDF, from the command line: the continuum arm made here (<see cref="ContinuumArm"/>)
/// recorded to a CSV, learned, and its answers judged on the arm's true kinematics; a target far outside what the
/// recordings reached is out of reach, never ok; what does not fit a learned arm is one line, exit 2.
/// </summary>
[Collection("console")]
public sealed class LearnedArmCliTests : TempFolder
{
    [Fact]
    public void A_continuum_arm_learned_from_its_csv_answers_within_its_ranges_near_the_real_tip()
    {
        ContinuumArm.Write(In("recorded.csv"), 3000, 41);
        var train = CliProcess.Run("train", "--data", In("recorded.csv"), "--epochs", "120", "--out", In("m"));
        Assert.True(train.Code == 0, train.Error);
        Assert.Contains("[recorded data] learned from 3000 recorded positions", train.Out, StringComparison.Ordinal);
        var model = In("m/model.safetensors");
        var rng = new Rng(42);
        var misses = new List<double>();
        for (var t = 0; t < 10; t++)
        {
            var truth = ContinuumArm.Actuators(rng);
            var target = ContinuumArm.Tip(truth);
            var run = CliProcess.Run("solve", "--model", model, "--json", "--", Text(target.X), Text(target.Y),
                Text(target.Z));
            using var answer = JsonDocument.Parse(run.Out);
            Assert.Equal("ok", answer.RootElement.GetProperty("status").GetString());
            var q = answer.RootElement.GetProperty("answers")[0].GetProperty("theta").EnumerateArray()
                .Select(v => v.GetDouble()).ToArray();
            // The recorded ranges: a1…a4 within [−1, 1], a5 within [0, 1] (what the samples show, a little inside).
            Assert.True(q.Take(4).All(v => v is >= -1 and <= 1) && q[4] is >= 0 and <= 1, string.Join(", ", q));
            misses.Add((ContinuumArm.Tip(q) - target).Length);
        }
        // A map trained this briefly is millimetres off the real arm; one that had learned nothing, decimetres.
        Assert.True(misses.Order().ElementAt(5) < 0.01, $"median {misses.Order().ElementAt(5) * 1e3} mm");
        var far = CliProcess.Run("solve", "--model", model, "--json", "--", "1", "1", "1");
        Assert.Equal(1, far.Code);
        using (var document = JsonDocument.Parse(far.Out))
            Assert.Equal("out_of_reach", document.RootElement.GetProperty("status").GetString());
        var eval = CliProcess.Run("eval", "--model", model, "--samples", "200");
        Assert.True(eval.Code == 0, eval.Error + eval.Out);
        Assert.Contains("on the learned map", eval.Out, StringComparison.Ordinal);
        Assert.Contains("[recorded data]", eval.Out, StringComparison.Ordinal);
        CliProcess.BadInput(CliProcess.Run("solve", "--model", model, "--", "0.1", "0.1", "0.3", "0", "0", "0", "1"),
            "learned from measured positions");
        CliProcess.BadInput(CliProcess.Run("solve", "--model", model, "--elbow", "up", "--", "0.1", "0.1", "0.3"),
            "--elbow");
    }

    [Fact]
    public void Recorded_data_that_cannot_be_learned_is_one_line_naming_it()
    {
        File.WriteAllText(In("turned.csv"), "a1,x,y,z,qx,qy,qz,qw\n0,0,0,0,0,0,0,1\n");
        CliProcess.BadInput(CliProcess.Run("train", "--data", In("turned.csv"), "--out", In("o")), "turned.csv:1:");
        File.WriteAllText(In("nox.csv"), "a1,a2,y,z\n0,0,0,0\n");
        CliProcess.BadInput(CliProcess.Run("train", "--data", In("nox.csv"), "--out", In("o")), "nox.csv:1:");
        File.WriteAllText(In("few.csv"), "a1,x,y\n0,0,0\n1,1,1\n");
        CliProcess.BadInput(CliProcess.Run("train", "--data", In("few.csv"), "--out", In("o")), "2 sample(s)");
        CliProcess.BadInput(CliProcess.Run("train", "--data", In("missing.csv"), "--out", In("o")), "missing.csv");
        CliProcess.BadInput(CliProcess.Run("train", "--data", In("few.csv"), "--links", "1,1,1", "--out", In("o")),
            "--links");
        Assert.False(Directory.Exists(In("o")) && Directory.EnumerateFiles(In("o")).Any(), "nothing written");
    }

    static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
