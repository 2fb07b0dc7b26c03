using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NeuralIk.Bench;

/// <summary>
/// `dotnet run --project Bench -c Release -- load [model] [--soak N]`: `neural-ik serve` in its own process on
/// loopback under many concurrent clients, a Markdown report on stdout. Single targets and 1,000-target batches
/// (requests per second, median and p99 latency), 100,000-target batches (seconds each), a soak of N single
/// requests (1,000,000 by default) with the server's resident memory sampled along it, and 1,000 malformed
/// requests. Client and server share the machine's cores, as they would on one host. Not a timed test: the
/// figures go to benchmarks/&lt;cpu&gt;/serve-load.md. Needs the CLI built: `dotnet build Cli -c Release`.
/// Without a model it trains the default 2-link one first.
/// </summary>
public static class ServeLoad
{
    const int Clients = 32;
    static readonly TimeSpan Phase = TimeSpan.FromSeconds(10);

    public static async Task<int> Run(string[] args)
    {
        var cli = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../Cli/bin/Release/net10.0/" +
            "linux-x64/neural-ik.dll"));
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"load: {cli} not found; build it first: dotnet build Cli -c Release");
            return 2;
        }
        var soak = args is [.., "--soak", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 1_000_000;
        var model = args is [var m, ..] && !m.StartsWith("--", StringComparison.Ordinal) ? m : TrainDefault(cli);
        var port = FreePort();
        using var server = Start(cli, $"serve --model {model} --port {port}");
        try
        {
            await Measure(server, model, port, soak);
        }
        finally
        {
            server.Kill();
        }
        return 0;
    }

    static async Task Measure(Process server, string model, int port, int soak)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
        await WaitUntilUp(http);
        var rng = new Random(7);
        byte[] Single() => Body(rng, 1);
        var singles = Enumerable.Range(0, 4096).Select(_ => Single()).ToArray();
        var thousands = Enumerable.Range(0, 16).Select(_ => Body(rng, 1000)).ToArray();
        Console.WriteLine($"`neural-ik serve --model {Path.GetFileName(Path.GetDirectoryName(model))}/" +
            $"{Path.GetFileName(model)}` on loopback, {Environment.ProcessorCount} cores shared with the clients, " +
            $"{DateTime.UtcNow:yyyy-MM-dd}.");
        Console.WriteLine();
        await Load(http, singles, Clients, TimeSpan.FromSeconds(3));
        Console.WriteLine("| load | clients | requests | requests/s | targets/s | median (ms) | p99 (ms) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row("single target", Clients, 1, await Load(http, singles, Clients, Phase));
        Row("1,000-target batch", 4, 1000, await Load(http, thousands, 4, Phase));
        Console.WriteLine();
        var big = Body(rng, 100_000);
        var seconds = new List<double>();
        for (var i = 0; i < 5; i++)
            seconds.Add((await Load(http, [big], 1, TimeSpan.Zero, maxRequests: 1)).Latencies[0] / 1000);
        Console.WriteLine($"100,000-target batch ({big.Length / 1e6:F1} MB request), five one after the other: " +
            string.Join(", ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture))) + " s.");
        Console.WriteLine();
        await Soak(http, singles, server, soak);
        await Malformed(http, server);
    }

    static void Row(string name, int clients, int targets, LoadResult r)
    {
        var sorted = r.Latencies.Order().ToArray();
        var rate = r.Latencies.Count / r.Seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {clients} | " +
            $"{r.Latencies.Count:N0} | {rate:N0} | {rate * targets:N0} | {sorted[sorted.Length / 2]:F2} | " +
            $"{sorted[(int)(sorted.Length * 0.99)]:F2} |"));
    }

    static async Task Soak(HttpClient http, byte[][] singles, Process server, int total)
    {
        const int samples = 10;
        var rss = new List<double> { ResidentMb(server) };
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < samples; i++)
        {
            await Load(http, singles, Clients, TimeSpan.MaxValue, total / samples);
            rss.Add(ResidentMb(server));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Soak: {total:N0} single-target requests " +
            $"from {Clients} clients in {clock.Elapsed.TotalSeconds:F0} s; the server's resident memory (MB) " +
            $"before and after each tenth: {string.Join(", ", rss.Select(m => m.ToString("F0",
                CultureInfo.InvariantCulture)))}."));
        Console.WriteLine();
    }

    static async Task Malformed(HttpClient http, Process server)
    {
        string[] bad = ["{", "null", "[1, 2]", """{"target": {}}""", """{"target": [1, "2"]}""",
            """{"target": [1e400, 0]}""", """{"target": [NaN, 0]}""", """{"model": "nope", "target": [1, 2]}""",
            """{"targets": []}""", """{"target": [1, 2], "answers": 1000}"""];
        var tenMb = Encoding.UTF8.GetBytes("{\"targets\": [" + string.Join(",", Enumerable.Repeat("[1.5, 0.5]",
            1_000_000)) + "]}");
        var rss = new List<double> { ResidentMb(server) };
        var (client, other) = (0, 0);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 1000; i++)
            {
                var body = i % 100 == 99 ? tenMb : Encoding.UTF8.GetBytes(bad[i % bad.Length]);
                using var response = await http.PostAsync("/api/solve", Json(body));
                if ((int)response.StatusCode is >= 400 and < 500)
                    client++;
                else
                    other++;
            }
            rss.Add(ResidentMb(server));
        }
        using var healthy = await http.GetAsync("/api/models");
        Console.WriteLine($"Three rounds of 1,000 malformed requests (bad JSON, wrong types, 1e400, NaN, an unknown " +
            $"model, no targets, too many answers, and every hundredth a {tenMb.Length / 1e6:F0} MB body of " +
            $"1,000,000 targets): {client:N0} answered 4xx, {other} otherwise; then GET /api/models: " +
            $"{(int)healthy.StatusCode}; the server's resident memory (MB) before and after each round: " +
            $"{string.Join(", ", rss.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))}.");
    }

    // A body as the API takes it: the server refuses other content types (415).
    static ByteArrayContent Json(byte[] body) => new(body) { Headers = { { "Content-Type", "application/json" } } };

    sealed record LoadResult(List<double> Latencies, double Seconds);

    // Clients post bodies round-robin until the time is up or maxRequests are done; latencies in ms.
    static async Task<LoadResult> Load(HttpClient http, byte[][] bodies, int clients, TimeSpan duration,
        int maxRequests = int.MaxValue)
    {
        var latencies = new List<double>[clients];
        var started = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = latencies[c] = [];
            for (var i = c; (duration == TimeSpan.Zero || clock.Elapsed < duration) &&
                 Interlocked.Increment(ref started) <= maxRequests; i += clients)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var content = Json(bodies[i % bodies.Length]);
                using var response = await http.PostAsync("/api/solve", content);
                await response.Content.CopyToAsync(Stream.Null);
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"the server answered {(int)response.StatusCode}");
                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        }));
        return new LoadResult([.. latencies.SelectMany(l => l)], clock.Elapsed.TotalSeconds);
    }

    // Targets within the 2-link arm's reach (radius 0.2 to 1.9), as {"targets": […]} or {"target": …}.
    static byte[] Body(Random rng, int count)
    {
        string Target()
        {
            var (r, a) = (0.2 + 1.7 * rng.NextDouble(), 2 * Math.PI * rng.NextDouble());
            return string.Create(CultureInfo.InvariantCulture, $"[{r * Math.Cos(a):R}, {r * Math.Sin(a):R}]");
        }
        return Encoding.UTF8.GetBytes(count == 1 ? $"{{\"target\": {Target()}}}"
            : $"{{\"targets\": [{string.Join(",", Enumerable.Range(0, count).Select(_ => Target()))}]}}");
    }

    static string TrainDefault(string cli)
    {
        var dir = Path.Combine(Path.GetTempPath(), "neural-ik-load");
        using var train = Start(cli, $"train --out {dir}");
        train.WaitForExit();
        return Path.Combine(dir, "model.safetensors");
    }

    // Its output is drained and dropped: the report is this process's stdout.
    static Process Start(string cli, string arguments)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", $"{cli} {arguments}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static async Task WaitUntilUp(HttpClient http)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var response = await http.GetAsync("/api/models");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException("the server did not come up within 10 s");
    }

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    // VmRSS of the server process, in MB.
    static double ResidentMb(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status")
            .First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return double.Parse(kb, CultureInfo.InvariantCulture) / 1024;
    }
}
