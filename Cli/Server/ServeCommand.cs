using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Hosting;
using NeuralIk.Engine.Model;

namespace NeuralIk.Cli.Server;

/// <summary>
/// `neural-ik serve [--model M]… [--port 5000] [--host 127.0.0.1] [--allowed-host NAME]…`: the HTTP API
/// (<see cref="IkServer"/>) for any number of solver models, 2-link, chains and spatial arms, each named by its file
/// (<see cref="Names"/>), until Ctrl+C.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model") { Description = "A model file to serve (repeatable)",
            DefaultValueFactory = _ => [ModelOption.DefaultPath], AllowMultipleArgumentsPerToken = false };
        var port = new Option<int>("--port") { Description = "TCP port (0: any free one)",
            DefaultValueFactory = _ => 5000 };
        var host = new Option<string>("--host") { Description = "Address to listen on (an IP, or localhost)",
            DefaultValueFactory = _ => "127.0.0.1" };
        var allowed = new Option<string[]>("--allowed-host")
        {
            Description = "A host name the server answers to besides its address, e.g. a machine's name on the " +
                "network (repeatable; other names are refused, against DNS rebinding)",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("serve", "Serve models over HTTP: GET /api/models, POST /api/solve and " +
            "/api/trajectory, the page at /") { models, port, host, allowed };
        command.SetAction(r =>
        {
            var served = Load(r.GetValue(models)!);
            var address = Address(r.GetValue(host)!);
            var p = r.GetValue(port) is var n and >= 0 and <= 65535 ? n
                : throw new CliException($"--port must be 0 to 65535, got {r.GetValue(port)}");
            var app = IkServer.Build(served, address, p, r.GetValue(allowed) ?? []);
            try
            {
                app.Start();
            }
            catch (IOException e)
            {
                throw new CliException($"--port {p}: cannot listen on {address} ({e.Message})");
            }
            Say.Info($"serving {served.Count} model(s) on {string.Join(", ", app.Urls)}: ",
                $"{string.Join(", ", served.Select(m => m.Name))} (Ctrl+C stops)");
            app.WaitForShutdown();
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The models with their <see cref="Names"/>; a seed-preset model or a file given twice is refused.
    /// </summary>
    public static IReadOnlyList<ServedModel> Load(IReadOnlyList<string> paths)
    {
        if (paths.Select(Path.GetFullPath).Distinct().Count() != paths.Count)
            throw new CliException("--model: each model once (the same file was given twice)");
        var names = Names(paths);
        return [.. paths.Select((path, i) => ModelOption.Load(path) is { Kind: ModelKind.Solver } model
            ? new ServedModel(names[i], model)
            : throw new CliException($"{path}: a seed-preset model gives one averaged answer; serve solver models"))];
    }

    /// <summary>
    /// Each model's name: its file name, with as many of its folders before it as it takes to tell the files apart
    /// ("panda/model.safetensors"), never the path from the root: the API and the page show the server's disk no
    /// further than that.
    /// </summary>
    public static string[] Names(IReadOnlyList<string> paths)
    {
        var parts = paths.Select(p => Path.GetFullPath(p).Split(Path.DirectorySeparatorChar,
            StringSplitOptions.RemoveEmptyEntries)).ToArray();
        string Suffix(string[] p, int k) => string.Join('/', p.TakeLast(k));
        return [.. parts.Select(p => Enumerable.Range(1, p.Length).Select(k => Suffix(p, k))
            .First(name => name == Suffix(p, p.Length) || parts.Count(o => Suffix(o, name.Count(c => c == '/') + 1)
                == name) == 1))];
    }

    static IPAddress Address(string host) => host == "localhost" ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var ip) ? ip
            : throw new CliException($"--host '{host}' is not an IP address (or localhost)");
}
