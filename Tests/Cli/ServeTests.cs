using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using NeuralIk.Cli.Server;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using NeuralIk.Tests.Solving;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>A 2-link model and a spatial arm served on a free loopback port for the server's tests.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    WebApplication? _app;

    // The 100-continue wait outlasts a busy CI machine, so a refused body is never sent (1 s by default).
    public HttpClient Client { get; } =
        new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) });
    public WebApplication App => _app!;
    public SpatialFixture Spatial { get; } = new();

    public async Task InitializeAsync()
    {
        _app = IkServer.Build([new ServedModel("arm", SolverFixture.DefaultModel.Value),
            new ServedModel("ur5", Spatial.Model)], IPAddress.Loopback, 0);
        await _app.StartAsync();
        Client.BaseAddress = new Uri(_app.Urls.First());
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

/// <summary>
/// `neural-ik serve`'s API over real HTTP: answers equal the solver's own (planar) or re-verify by FK (spatial),
/// batches keep their order, and every kind of bad request gets its 4xx and one line, the server staying healthy.
/// </summary>
public class ServeTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    Task<(HttpStatusCode Status, JsonElement Body)> Post(string json) => Post(server.Client, "/api/solve", json);

    // Expect: 100-continue, so a body the server refuses by its length is never sent and its 413 can be read.
    internal static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient client, string path,
        string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task The_models_are_listed_with_their_joints()
    {
        var text = await server.Client.GetStringAsync("/api/models");
        var models = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["arm", "ur5"], models.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal("planar", models[0].GetProperty("kind").GetString());
        Assert.Equal(6, models[1].GetProperty("joints").GetArrayLength());
        Assert.Equal("shoulder_pan_joint", models[1].GetProperty("joints")[0].GetProperty("name").GetString());
        var openApi = await server.Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/solve", openApi, StringComparison.Ordinal);
        // Every field the server reads is in the document.
        var fields = JsonDocument.Parse(openApi).RootElement.GetProperty("paths").GetProperty("/api/solve")
            .GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(["answers", "branch", "budget_ms", "model", "near", "near_mode", "obstacles", "points", "target",
            "targets"], fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_planar_batch_is_answered_as_the_solver_answers_in_order()
    {
        var (status, body) = await Post("""{"model": "arm", "targets": [[1.5, 0.5], [0.3, -1.1], [3, 0]]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var solver = new IkSolver(SolverFixture.DefaultModel.Value);
        Pose2[] targets = [new(1.5, 0.5, 0), new(0.3, -1.1, 0), new(3, 0, 0)];
        var solutions = body.GetProperty("solutions");
        for (var i = 0; i < targets.Length; i++)
        {
            var expected = solver.Solve(targets[i]);
            Assert.Equal(IkAnswer.Name(expected.Status), solutions[i].GetProperty("status").GetString());
            var answers = solutions[i].GetProperty("answers");
            Assert.Equal(expected.Answers.Count, answers.GetArrayLength());
            for (var k = 0; k < expected.Answers.Count; k++)
                Assert.Equal(expected.Answers[k].Theta.ToArray(), answers[k].GetProperty("theta").EnumerateArray()
                    .Select(t => t.GetDouble()));
        }
    }

    [Fact]
    public async Task Obstacles_are_kept_clear_of_as_the_solver_keeps_clear_of_them()
    {
        var (status, body) = await Post("""{"model": "arm", "target": [1.5, 0.5], "obstacles": [[0.9, 0.9, 0.2]]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var expected = new IkSolver(SolverFixture.DefaultModel.Value).Solve(new Pose2(1.5, 0.5, 0), obstacles:
            [new Obstacle(0.9, 0.9, 0.2)]);
        var answers = body.GetProperty("answers");
        Assert.Equal(expected.Answers.Count, answers.GetArrayLength());
        for (var k = 0; k < expected.Answers.Count; k++)
        {
            Assert.Equal(IkAnswer.Name(expected.Answers[k].Status), answers[k].GetProperty("status").GetString());
            Assert.Equal(expected.Answers[k].Theta.ToArray(), answers[k].GetProperty("theta").EnumerateArray()
                .Select(t => t.GetDouble()));
        }
        Assert.Contains(expected.Answers, a => a.Status != SolveStatus.Ok);
    }

    [Fact]
    public async Task A_spatial_target_gets_answers_that_reach_it()
    {
        double[] q0 = [0.4, -1.0, 1.2, -0.3, 0.9, 0.1];
        var target = server.Spatial.Chain.Forward(q0);
        var (x, y, z, w) = target.Quaternion();
        var json = JsonSerializer.Serialize(new
        {
            model = "ur5", target = new[] { target.P.X, target.P.Y, target.P.Z, x, y, z, w }, answers = 2,
            budget_ms = 50, near = q0.Select(v => v + 0.05), near_mode = "nearest",
        });
        var (status, body) = await Post(json);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        foreach (var answer in body.GetProperty("answers").EnumerateArray())
        {
            var q = answer.GetProperty("theta").EnumerateArray().Select(j => j.GetDouble())
                .ToArray();
            Assert.True((server.Spatial.Chain.Forward(q).P - target.P).Length <= 1e-6);
        }
        // Nearest the current posture first: the pose the target came from is 0.05 rad from it in every joint.
        var first = body.GetProperty("answers")[0].GetProperty("theta").EnumerateArray().Select(j => j.GetDouble());
        Assert.True(first.Zip(q0, (a, b) => Math.Abs(a - b - 0.05)).Max() <= 0.05 + 1e-6);
    }

    [Theory]
    [InlineData("{bad", 400, "not JSON")]
    [InlineData("[1, 2]", 400, "JSON object")]
    [InlineData("""{"model": "arm"}""", 400, "exactly one of")]
    [InlineData("""{"model": "arm", "target": [1, "2"]}""", 400, "target[1] must be a finite number")]
    [InlineData("""{"model": "arm", "target": [1e400, 0]}""", 400, "target[0] must be a finite number")]
    [InlineData("""{"model": "arm", "target": [1, 2, 3]}""", 400, "this one reaches positions: give X Y")]
    [InlineData("""{"model": "arm", "target": [1, 2], "answers": 0}""", 400, "\"answers\" must be 1 to 32")]
    [InlineData("""{"model": "arm", "target": [1, 2], "elbow": "up"}""", 400, "unknown field \"elbow\"")]
    [InlineData("""{"model": "nope", "target": [1, 2]}""", 404, "no model \"nope\"")]
    [InlineData("""{"target": [1, 2]}""", 400, "give \"model\"")]
    [InlineData("""{"model": "ur5", "target": [0.3, 0.2, 0.4, 0, 0, 0, 0]}""", 400, "norm is 0")]
    [InlineData("""{"model": "ur5", "targets": [[0.3, 0.2, 0.4], [1, 2]]}""", 400, "targets[1]: a spatial arm")]
    [InlineData("""{"model": "ur5", "target": [0.3, 0.2, 0.4], "branch": "up"}""", 400, "for planar arms")]
    [InlineData("""{"model": "arm", "target": [1, 1], "obstacles": [[0, 0, -1]]}""", 400, "obstacles[0]: the radius")]
    [InlineData("""{"model": "arm", "target": [1, 1], "obstacles": [[0, 0]]}""", 400, "obstacles[0] must be a list")]
    [InlineData("""{"model": "ur5", "target": [0.3, 0.2, 0.4], "obstacles": [[0, 0, 1]]}""", 400, "for planar arms")]
    [InlineData("""{"model": "ur5", "target": [0.3, 0.2, 0.4], "points": "yes"}""", 400, "must be true or false")]
    [InlineData("""{"model": "ur5", "target": [0.3, 0.2, 0.4], "near": [0, 1]}""", 400, "2 values for an arm of 6")]
    [InlineData("""{"model": "arm", "target": [1, 1], "near": [0, 1]}""", 400, "arms searched from references")]
    [InlineData("""{"model": "ur5", "target": [0.3, 0.2, 0.4], "near_mode": "far"}""", 400, "\"near_mode\" must be")]
    public async Task Bad_requests_get_their_status_and_one_line(string json, int code, string mentions)
    {
        var (status, body) = await Post(json);
        Assert.Equal(code, (int)status);
        var error = body.GetProperty("error").GetString()!;
        Assert.Contains(mentions, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void A_list_of_more_targets_than_allowed_is_counted_and_refused_before_it_becomes_a_document()
    {
        static byte[] Body(int count) => Encoding.UTF8.GetBytes("{\"model\": \"arm\", \"targets\": [" +
            string.Join(",", Enumerable.Repeat("[1.5, 0.5]", count)) + "], \"answers\": 2}");
        SolveRequest.RequireFewTargets(Body(SolveRequest.MaxTargets));
        var tooMany = Body(SolveRequest.MaxTargets + 1);
        var e = Assert.Throws<RequestException>(() => SolveRequest.RequireFewTargets(tooMany));
        Assert.Contains("\"targets\" holds 100001 targets: give 1 to 100,000", e.Message, StringComparison.Ordinal);
        SolveRequest.RequireFewTargets("""{"target": [1, 2], "targets": {"a": 1}}"""u8);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_a_thousand_bad_requests_leave_the_server_healthy()
    {
        var huge = new string(' ', (int)IkServer.MaxBodyBytes + 1024);
        var (status, body) = await Post(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than 32 MB", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        string[] bad = ["{", "null", """{"target": {}}""", """{"model": 3, "target": [1, 2]}""",
            """{"model": "arm", "targets": []}""", """{"model": "arm", "target": [1, 2], "budget_ms": -1}"""];
        for (var i = 0; i < 1000; i++)
            Assert.True((int)(await Post(bad[i % bad.Length])).Status is >= 400 and < 500);
        var ok = await Post("""{"model": "arm", "target": [1.5, 0.5]}""");
        Assert.Equal(HttpStatusCode.OK, ok.Status);
    }
}
