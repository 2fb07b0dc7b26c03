using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeuralIk.Cli.Server;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>
/// What the server refuses before any work and what it stops: requests that once got an empty 500, other origins,
/// other host names and other content types, requests asking too much work, and a client that goes away; the
/// headers every answer carries, HEAD on the GET endpoints, model names without server paths.
/// </summary>
public class ServeGuardTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static async Task<(int Status, string Body, HttpResponseMessage Response)> Send(HttpClient client,
        HttpMethod method, string path, byte[]? body = null, string contentType = "application/json",
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("/api/solve", """{"model": "arm", "target": [1, 1], "branch": 5}""", "\"branch\" must be a string")]
    [InlineData("/api/solve", """{"model": "arm", "target": [1, 1], "branch": true}""", "\"branch\" must be")]
    [InlineData("/api/solve", """{"model": "arm", "target": [1, 1], "branch": ["up"]}""", "\"branch\" must be")]
    [InlineData("/api/trajectory", """{"model": "ur5", "line": [0.3, 0, 0.3, 0.3, 0.1, 0.3], "elbow": "up"}""",
        "\"elbow\" is for planar arms")]
    public async Task Fields_of_the_wrong_kind_get_a_400_naming_them(string path, string json, string mentions)
    {
        var (status, body, _) = await Send(server.Client, HttpMethod.Post, path, Utf8(json));
        Assert.Equal(400, status);
        Assert.Contains(mentions, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/solve", """{"model": "ur5", "target": [1e308, 1e308, 1e308]}""")]
    [InlineData("/api/solve", """{"model": "arm", "target": [1e308, -1e308]}""")]
    [InlineData("/api/trajectory", """{"model": "arm", "line": [1e308, 0, -1e308, 0], "points": 5}""")]
    [InlineData("/api/trajectory", """{"model": "ur5", "line": [1e308, 0, 0, -1e308, 0, 0], "points": 5}""")]
    public async Task Huge_but_finite_targets_are_out_of_reach(string path, string json)
    {
        var (status, body, _) = await Send(server.Client, HttpMethod.Post, path, Utf8(json));
        Assert.True(status == 200, body);
        Assert.Contains("out_of_reach", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ok\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nearest_point_far_beyond_the_reach_lies_on_the_bound_in_the_targets_direction()
    {
        var (_, body, _) = await Send(server.Client, HttpMethod.Post, "/api/solve",
            Utf8("""{"model": "ur5", "target": [3e200, 4e200, 0]}"""));
        var nearest = JsonDocument.Parse(body).RootElement.GetProperty("nearest");
        var reach = server.Spatial.Chain.Reach;
        Assert.Equal(0.6 * reach, nearest[0].GetDouble(), 12);
        Assert.Equal(0.8 * reach, nearest[1].GetDouble(), 12);
    }

    [Fact]
    public async Task Invalid_utf8_anywhere_in_the_body_is_a_400()
    {
        var body = Utf8("""{"model": "arm", "target": [1, 1], "X": 1}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xC3;
        var (status, text, _) = await Send(server.Client, HttpMethod.Post, "/api/solve", body);
        Assert.Equal(400, status);
        Assert.Contains("not valid UTF-8", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_origins_hosts_and_content_types_are_refused_before_any_work()
    {
        var solve = Utf8("""{"model": "arm", "target": [1.5, 0.5]}""");
        // A page elsewhere may POST text/plain without asking first: refused by its origin, and by its type.
        var (status, body, _) = await Send(server.Client, HttpMethod.Post, "/api/solve", solve, "text/plain",
            ("Origin", "http://evil.example"));
        Assert.Equal(403, status);
        Assert.Contains("another origin (http://evil.example)", body, StringComparison.Ordinal);
        Assert.Equal(403, (await Send(server.Client, HttpMethod.Post, "/api/solve", solve,
            headers: ("Sec-Fetch-Site", "cross-site"))).Status);
        Assert.Equal(415, (await Send(server.Client, HttpMethod.Post, "/api/solve", solve, "text/plain")).Status);
        Assert.Equal(415, (await Send(server.Client, HttpMethod.Post, "/api/solve", solve,
            "application/x-www-form-urlencoded")).Status);
        // DNS rebinding: another name for 127.0.0.1.
        var (hostStatus, hostBody, _) = await Send(server.Client, HttpMethod.Get, "/api/models",
            headers: ("Host", "evil.example"));
        Assert.Equal(403, hostStatus);
        Assert.Contains("Host 'evil.example' is not a name this server answers to", hostBody,
            StringComparison.Ordinal);
        // The server's own page, and programs, are answered.
        var own = server.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.Equal(200, (await Send(server.Client, HttpMethod.Post, "/api/solve", solve,
            "application/json; charset=utf-8", ("Origin", own), ("Sec-Fetch-Site", "same-origin"))).Status);
        Assert.Equal(200, (await Send(server.Client, HttpMethod.Get, "/api/models",
            headers: ("Host", "localhost"))).Status);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_get_endpoints_answer_head()
    {
        foreach (var path in new[] { "/", "/api/models", "/openapi/v1.json" })
        {
            var (status, body, response) = await Send(server.Client, HttpMethod.Head, path);
            Assert.Equal(200, status);
            Assert.Empty(body);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self' 'sha256-", policy, StringComparison.Ordinal);
        }
        var (_, error, refused) = await Send(server.Client, HttpMethod.Post, "/api/solve", Utf8("{"));
        Assert.Equal("nosniff", refused.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("not JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_asking_more_than_a_minute_of_search_is_413()
    {
        var targets = string.Join(", ", Enumerable.Repeat("[0.3, 0.2, 0.4]", 20_000));
        var (status, body, _) = await Send(server.Client, HttpMethod.Post, "/api/solve",
            Utf8($$"""{"model": "ur5", "targets": [{{targets}}], "budget_ms": 5}"""));
        Assert.Equal(413, status);
        Assert.Contains("may search 100.0 s (20,000 targets × 5 ms)", body, StringComparison.Ordinal);
        var planar = string.Join(", ", Enumerable.Repeat("[1, 1]", 20_000));
        (status, body, _) = await Send(server.Client, HttpMethod.Post, "/api/solve",
            Utf8($$"""{"model": "arm", "targets": [{{planar}}], "answers": 32}"""));
        Assert.Equal(413, status);
        Assert.Contains("640,000 answers", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_work_stops_when_the_client_goes_away()
    {
        // Within the UR5's reach bound but beyond its real reach: every target searches its whole 20 ms, 10 s in all.
        var targets = string.Join(", ", Enumerable.Repeat("[1.1, 0, 0.09]", 500));
        var activity = server.App.Services.GetRequiredService<ServerActivity>();
        using (var impatient = new HttpClient { BaseAddress = server.Client.BaseAddress })
        using (var cancel = new CancellationTokenSource())
        {
            var post = impatient.PostAsync("/api/solve",
                new ByteArrayContent(Utf8($$"""{"model": "ur5", "targets": [{{targets}}], "budget_ms": 20}"""))
                    { Headers = { { "Content-Type", "application/json" } } }, cancel.Token);
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (activity.Busy == 0 && started.Elapsed < TimeSpan.FromSeconds(5))
                await Task.Delay(10);
            Assert.True(activity.Busy > 0, "the work never started");
            await Task.Delay(300);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => post);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (activity.Busy > 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(20);
        Assert.True(activity.Busy == 0, $"still working {clock.Elapsed.TotalSeconds:F1} s after the client left");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopped {clock.Elapsed.TotalSeconds:F1} s after");
    }

    [Fact]
    public void Models_are_named_by_their_files_never_by_the_path_from_the_root()
    {
        Assert.Equal(["model.safetensors"], ServeCommand.Names(["/srv/robots/ur5/model.safetensors"]));
        Assert.Equal(["ur5/model.safetensors", "panda/model.safetensors", "arm.safetensors"],
            ServeCommand.Names(["/srv/ur5/model.safetensors", "/srv/panda/model.safetensors", "arm.safetensors"]));
        Assert.Equal(["a/x/m.safetensors", "b/x/m.safetensors"],
            ServeCommand.Names(["/a/x/m.safetensors", "/b/x/m.safetensors"]));
    }
}
