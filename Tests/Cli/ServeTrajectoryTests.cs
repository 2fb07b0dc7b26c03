using System.Net;
using System.Text.Json;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using NeuralIk.Tests.Solving;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>
/// POST /api/trajectory over real HTTP: the planar path is the one <see cref="Trajectory.Follow"/> gives, every
/// point's angles put the arm on its target by forward kinematics, and bad paths get a 400 naming the field.
/// </summary>
public class ServeTrajectoryTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    Task<(HttpStatusCode Status, JsonElement Body)> Post(string json) =>
        ServeTests.Post(server.Client, "/api/trajectory", json);

    [Fact]
    public async Task A_planar_line_is_followed_as_the_library_follows_it()
    {
        var (status, body) = await Post("""{"model": "arm", "line": [1.6, -0.4, 0.4, 1.5], "points": 20}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var solver = new IkSolver(SolverFixture.DefaultModel.Value);
        var expected = Trajectory.Follow(solver, Trajectory.Frames(
            Trajectory.Line(new(1.6, -0.4, 0), new(0.4, 1.5, 0), 20), Frame.Identity),
            new SolveOptions { Branch = Elbow.Up });
        Assert.Equal("up", body.GetProperty("branch").GetString());
        Assert.Equal(expected.Solved, body.GetProperty("solved").GetInt32());
        var path = body.GetProperty("path");
        Assert.Equal(20, path.GetArrayLength());
        for (var i = 0; i < 20; i++)
        {
            var theta = path[i].GetProperty("theta").EnumerateArray().Select(t => t.GetDouble()).ToArray();
            Assert.Equal(expected.Points[i].Theta, theta);
            var at = solver.Planar.Forward(theta);
            var target = path[i].GetProperty("target");
            Assert.True(Math.Abs(at.X - target[0].GetDouble()) < 1e-9 && Math.Abs(at.Y - target[1].GetDouble()) < 1e-9,
                $"point {i}: the arm ends at ({at.X}, {at.Y})");
        }
    }

    [Fact]
    public async Task A_spatial_circle_puts_the_tool_on_every_point()
    {
        var centre = server.Spatial.Chain.Forward([0.4, -1.0, 1.2, -0.3, 0.9, 0.1]).P;
        var json = JsonSerializer.Serialize(new { model = "ur5", circle = new[] { centre.X, centre.Y, centre.Z, 0.05 },
            points = 12 });
        var (status, body) = await Post(json);
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var point in body.GetProperty("path").EnumerateArray())
        {
            if (point.GetProperty("status").GetString() != "ok")
                continue;
            var q = point.GetProperty("theta").EnumerateArray().Select(t => t.GetDouble()).ToArray();
            var t = point.GetProperty("target").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.True((server.Spatial.Chain.Forward(q).P - new Vec3(t[0], t[1], t[2])).Length <= 1e-6);
        }
        Assert.True(body.GetProperty("solved").GetInt32() >= 10, $"solved {body.GetProperty("solved")} of 12");
    }

    [Theory]
    [InlineData("""{"model": "arm", "points": 5}""", "exactly one of \"line\" or \"circle\"")]
    [InlineData("""{"model": "arm", "line": [0, 0, 1, 1], "points": 1}""", "\"points\" must be 2 to 10,000")]
    [InlineData("""{"model": "arm", "line": [0, 0, 1]}""", "line must be a list of 4 to 6 numbers")]
    [InlineData("""{"model": "arm", "circle": [0, 0, -1]}""", "the radius must be positive")]
    [InlineData("""{"model": "arm", "line": [0, 0, 0, 1, 1, 1]}""",
        "\"line\": give [x0, y0, x1, y1] for a planar arm, got 6 numbers")]
    [InlineData("""{"model": "arm", "line": [0, 0, 1, 1], "quaternion": [0, 0, 0, 1]}""",
        "the quaternion is for arms in space")]
    [InlineData("""{"model": "arm", "line": [0, 0, 1, 1], "elbow": "left"}""", "\"elbow\" must be")]
    [InlineData("""{"model": "ur5", "line": [0.3, 0, 0.3, 0.3, 0.1, 0.3], "phi": 1}""", "for planar arms")]
    [InlineData("""{"model": "ur5", "circle": [0.3, 0, 0.3, 0.1], "quaternion": [0, 0, 0, 0]}""", "norm is 0")]
    public async Task Bad_paths_get_a_400_naming_the_field(string json, string mentions)
    {
        var (status, body) = await Post(json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(mentions, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
