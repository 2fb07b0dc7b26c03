using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Hosting;
using NeuralIk.Engine.Model;

namespace NeuralIk.Cli.Server;

/// <summary>
/// `neural-ik serve [--model M]… [--port 5000] [--host 127.0.0.1]`: the HTTP API (<see cref="IkServer"/>) for any
/// number of solver models, 2-link, chains and spatial arms, each named by its --model path, until Ctrl+C.
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
        var command = new Command("serve", "Serve models over HTTP: GET /api/models, POST /api/solve") { models,
            port, host };
        command.SetAction(r =>
        {
            var served = Load(r.GetValue(models)!);
            var address = Address(r.GetValue(host)!);
            var p = r.GetValue(port) is var n and >= 0 and <= 65535 ? n
                : throw new CliException($"--port must be 0 to 65535, got {r.GetValue(port)}");
            var app = IkServer.Build(served, address, p);
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

    /// <summary>The models, each named by its path as given; a seed-preset model or a repeated path is refused.
    /// </summary>
    public static IReadOnlyList<ServedModel> Load(IReadOnlyList<string> paths)
    {
        if (paths.Distinct().Count() != paths.Count)
            throw new CliException("--model: each model once (a name is its path)");
        return [.. paths.Select(path => ModelOption.Load(path) is { Kind: ModelKind.Solver } model
            ? new ServedModel(path, model)
            : throw new CliException($"{path}: a seed-preset model gives one averaged answer; serve solver models"))];
    }

    static IPAddress Address(string host) => host == "localhost" ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var ip) ? ip
            : throw new CliException($"--host '{host}' is not an IP address (or localhost)");
}
