using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NeuralIk.Cli.Server;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>
/// A 7-joint arm whose joints 1, 3, 5 and 7 turn without limits (as a Kinova Gen3's do): the iiwa7 edited so. It
/// trains, saves, loads, solves a target that needs a joint beyond ±π of the middle, exports and is served.
/// </summary>
[Collection("console")]
public sealed partial class ContinuousJointTests : TempFolder
{
    [GeneratedRegex("""(<joint name="iiwa_joint_[1357]" type=")revolute(">(?:(?!</joint>).)*?)\s*<limit[^>]*/>""",
        RegexOptions.Singleline)]
    private static partial Regex LimitedOddJoint();

    /// <summary>The iiwa7 with its odd joints continuous (no &lt;limit&gt;, as URDF allows for them).</summary>
    public static string Urdf() => LimitedOddJoint().Replace(File.ReadAllText(TestRobots.File("iiwa7.urdf")),
        m => m.Groups[1].Value + "continuous" + m.Groups[2].Value);

    static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_arm_with_continuous_joints_trains_saves_solves_exports_and_is_served()
    {
        var robot = In("iiwa7-continuous.urdf");
        File.WriteAllText(robot, Urdf());
        var run = CliProcess.Run("train", "--urdf", robot, "--epochs", "1", "--out", In("out"), "--threads", "1");
        Assert.True(run.Code == 0, run.Error);
        var path = In("out/model.safetensors");
        var model = IkModel.Load(path);
        var chain = ((SpatialChain)model.Chain);
        Assert.Equal([JointType.Continuous, JointType.Revolute, JointType.Continuous, JointType.Revolute,
            JointType.Continuous, JointType.Revolute, JointType.Continuous], chain.Joints.Select(j => j.Type));
        // Joint 1 at 2.9 rad and joint 7 at −3: beyond ±π of the middle (0), reached by wrapping.
        var target = chain.Forward([2.9, 0.8, -1.2, -1.1, 0.4, 0.9, -3]);
        var (x, y, z, w) = target.Quaternion();
        var solve = CliProcess.Run("solve", N(target.P.X), N(target.P.Y), N(target.P.Z), N(x), N(y), N(z), N(w),
            "--model", path, "--budget-ms", "2000", "--json");
        Assert.True(solve.Code == 0, solve.Error);
        using (var doc = JsonDocument.Parse(solve.Out))
        {
            var q = doc.RootElement.GetProperty("answers")[0].GetProperty("theta").EnumerateArray()
                .Select(j => j.GetDouble()).ToArray();
            Reaches(chain, target, q);
        }
        var export = CliProcess.Run("export", "--model", path, "--onnx", In("arm.onnx"));
        Assert.True(export.Code == 0 && new FileInfo(In("arm.onnx")).Length > 0, export.Error);

        await using var app = IkServer.Build(ServeCommand.Load([path]), IPAddress.Loopback, 0);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var models = JsonDocument.Parse(await client.GetStringAsync("/api/models")).RootElement;
        var joint1 = models[0].GetProperty("joints")[0];
        Assert.Equal("continuous", joint1.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, joint1.GetProperty("lower").ValueKind);
        var (status, body) = await ServeTests.Post(client, "/api/solve", "{\"target\": [" +
            string.Join(", ", new[] { target.P.X, target.P.Y, target.P.Z, x, y, z, w }.Select(N)) +
            "], \"budget_ms\": 2000}");
        Assert.Equal(HttpStatusCode.OK, status);
        Reaches(chain, target, [.. body.GetProperty("answers")[0].GetProperty("theta").EnumerateArray()
            .Select(j => j.GetDouble())]);
    }

    // FK of the answer, recomputed here, lands on the target within 1e-6 m and 1e-6 rad.
    static void Reaches(SpatialChain chain, Frame target, double[] q)
    {
        var reached = chain.Forward(q);
        Assert.True((reached.P - target.P).Length <= 1e-6, $"misses by {(reached.P - target.P).Length} m");
        Assert.True((target * reached.Transposed).RotationVector().Length <= 1e-6);
        Assert.True(chain.WithinLimits(q));
    }
}
