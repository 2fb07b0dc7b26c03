using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
using AspNetStatus = Microsoft.AspNetCore.Http.StatusCodes;

namespace NeuralIk.Cli.Server;

/// <summary>A model the server answers for, by name, with its solver (immutable: shared by every request).</summary>
public sealed record ServedModel(string Name, IkModel Model)
{
    public IkSolver Solver { get; } = new(Model);
}

/// <summary>Requests doing work now: what shows that the work stops when a client goes away.</summary>
public sealed class ServerActivity
{
    int _busy;

    public int Busy => Volatile.Read(ref _busy);

    public T Run<T>(Func<T> work)
    {
        Interlocked.Increment(ref _busy);
        try
        {
            return work();
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }
}

/// <summary>
/// The HTTP API of `neural-ik serve` (ASP.NET Core minimal API): GET /api/models, POST /api/solve (one target or a
/// batch, the documents of `neural-ik solve --json`), POST /api/trajectory (a path, point by point), GET
/// /openapi/v1.json, and the live page at / (drag the target, the arm follows). Bad input is HTTP 400 with
/// {"error": one line}, an unknown model 404, a body over <see cref="MaxBodyBytes"/> or a request asking too much
/// work 413; other origins, other hosts and other content types are refused first (<see cref="RequestGuard"/>). A
/// client that goes away stops its work. Nothing a request sends reaches an unhandled exception.
/// </summary>
public static class IkServer
{
    public const long MaxBodyBytes = 32L << 20;

    // The CLI's convention, with quotes in error lines kept readable: the documents are JSON, never HTML.
    internal static readonly JsonSerializerOptions Json = new(Say.JsonOptions)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// The server for <paramref name="models"/> on <paramref name="host"/>:<paramref name="port"/>, answering to
    /// the host names in <paramref name="allowedHosts"/> besides its own address.
    /// </summary>
    public static WebApplication Build(IReadOnlyList<ServedModel> models, IPAddress host, int port,
        IReadOnlyList<string>? allowedHosts = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            k.Listen(host, port);
        });
        var activity = new ServerActivity();
        builder.Services.AddSingleton(activity);
        var app = builder.Build();
        app.Use(new RequestGuard(host, allowedHosts ?? [], Page.Value).Handle);
        app.MapMethods("/api/models", GetAndHead, () => Results.Json(models.Select(Describe), Json));
        Func<HttpContext, Task<IResult>> solve = context => Answer(context, models, activity, root =>
        {
            var request = SolveRequest.Read(root);
            return (request.Model, (model, cancel) => Solve(model, request, cancel));
        });
        Func<HttpContext, Task<IResult>> trajectory = context => Answer(context, models, activity, root =>
        {
            var request = TrajectoryRequest.Read(root);
            return (request.Model, request.Run);
        });
        app.MapPost("/api/solve", solve);
        app.MapPost("/api/trajectory", trajectory);
        app.MapMethods("/openapi/v1.json", GetAndHead, () => Results.Text(OpenApi.Value, "application/json"));
        app.MapMethods("/", GetAndHead, () => Results.Text(Page.Value, "text/html; charset=utf-8"));
        app.MapMethods("/spatial.js", GetAndHead, () => File.Exists(SpatialView)
            ? Results.File(SpatialView, "text/javascript")
            : Results.Text("the 3-D view was not built (npm was missing at build time)", statusCode: 404));
        return app;
    }

    static readonly Lazy<string> OpenApi = new(() => Resource("openapi.json"));
    static readonly Lazy<string> Page = new(() => Resource("index.html"));

    // The 3-D view, bundled with three.js at build time (Cli/web) next to the executable.
    static readonly string SpatialView = Path.Combine(AppContext.BaseDirectory, "wwwroot", "spatial.js");

    static string Resource(string name)
    {
        using var stream = typeof(IkServer).Assembly.GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    }

    // Reads the body, lets the endpoint read its request from it (naming its model), and answers with the model; the
    // work stops when the client goes away.
    static async Task<IResult> Answer(HttpContext context, IReadOnlyList<ServedModel> models, ServerActivity activity,
        Func<JsonElement, (string? Model, Func<ServedModel, CancellationToken, object> Run)> read)
    {
        var gone = context.RequestAborted;
        try
        {
            using var body = await Body(context);
            var (name, run) = read(body.RootElement);
            var model = Find(models, name);
            return Results.Json(activity.Run(() => run(model, gone)), Json);
        }
        catch (RequestException e)
        {
            return Results.Json(new { error = e.Message }, Json, statusCode: e.Status);
        }
        catch (OperationCanceledException) when (gone.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            // A request the checks above let through by mistake: still one line of JSON, never an empty 500.
            return Results.Json(new { error = $"the request could not be served: {e.Message}" }, Json,
                statusCode: 500);
        }
    }

    // The body is read whole (at most MaxBodyBytes) and its "targets" counted by a streaming pass before any
    // document is built: a refused giant then leaves no pooled parse buffers behind (measured: 1,000,000-target
    // bodies raised the server's resident memory from 284 to 630 MB).
    static async Task<JsonDocument> Body(HttpContext context)
    {
        try
        {
            using var body = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 0, MaxBodyBytes));
            await context.Request.Body.CopyToAsync(body);
            var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
            // The reader checks the UTF-8 of values, not of property names, which then fail when read.
            if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
                throw new RequestException("the body is not valid UTF-8");
            SolveRequest.RequireFewTargets(bytes.Span);
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new RequestException($"the body is not JSON: {e.Message.Split('.')[0]}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == AspNetStatus.Status413PayloadTooLarge)
        {
            throw new RequestException($"the body is larger than {MaxBodyBytes >> 20} MB", StatusCodes.TooLarge);
        }
    }

    static ServedModel Find(IReadOnlyList<ServedModel> models, string? name)
    {
        if (name is null)
            return models.Count == 1 ? models[0] : throw new RequestException("give \"model\": one of " +
                string.Join(", ", models.Select(m => m.Name)));
        return models.FirstOrDefault(m => m.Name == name) ?? throw new RequestException($"no model \"{name}\" " +
            $"(served: {string.Join(", ", models.Select(m => m.Name))})", StatusCodes.NotFound);
    }

    // Targets of a planar batch solved between two looks at whether the client is still there.
    const int Chunk = 1024;

    static object Solve(ServedModel model, SolveRequest request, CancellationToken cancel)
    {
        var solver = model.Solver;
        // Any arm but a planar one of links searches from references, one target at a time within its own bounds.
        var searched = solver.Chain is not PlanarChain;
        request.RequireBoundedWork(searched);
        if (searched && (request.Branch != "both" || request.Obstacles.Length > 0))
            throw new RequestException("\"branch\" and \"obstacles\" are for planar arms of links");
        if (request.Near is { } near && (!searched || near.Length != solver.Chain.Count))
            throw new RequestException(searched ? $"\"near\" has {near.Length} values for an arm of " +
                $"{solver.Chain.Count} joints" : "\"near\" is for arms searched from references (in space, or " +
                "learned): a planar arm of links answers per branch");
        var targets = Enumerable.Range(0, request.Targets.Length).Select(i => request.Target(i, solver)).ToArray();
        var options = new SolveOptions
        {
            Answers = request.Answers, Obstacles = request.Obstacles,
            Stop = searched ? StopRule.Within(request.BudgetMs) : null,
            Branch = SolverArgs.Branch(request.Branch), Near = request.Near,
            NearMode = request.Nearest ? NearMode.Nearest : NearMode.First,
        };
        var documents = new object[targets.Length];
        // A planar arm's targets in batches (its fast path), the others one at a time.
        var chunk = searched ? 1 : Chunk;
        for (var start = 0; start < targets.Length; start += chunk)
        {
            cancel.ThrowIfCancellationRequested();
            var some = targets[start..Math.Min(targets.Length, start + chunk)];
            var solutions = solver.Solve([.. some.Select(t => t.Frame)], options with { Task = some[0].Task },
                cancel);
            for (var i = 0; i < solutions.Length; i++)
            {
                var document = Answers.Json(solver, some[i], solutions[i]);
                documents[start + i] = request.Points ? WithPoints(document, solver.Chain, solutions[i]) : document;
            }
        }
        return request.Batch ? new { solutions = documents } : documents[0];
    }

    // The document with "points": per answer, where the chain runs (base, each joint, tip), for the page to draw.
    static JsonNode WithPoints(object document, IChain chain, Solution solution)
    {
        var node = JsonSerializer.SerializeToNode(document, Json)!;
        node["points"] = JsonSerializer.SerializeToNode(solution.Answers.Select(a => Answers.Runs(chain, a)), Json);
        return node;
    }

    // A joint's limits are null when it turns freely: a continuous URDF joint, a planar joint with the full circle.
    static object Describe(ServedModel m)
    {
        var chain = m.Model.Chain;
        object Joint(int i)
        {
            var r = chain.Ranges[i];
            var free = chain is PlanarChain ? r.IsFullCircle : r.Continuous;
            var type = chain switch
            {
                SpatialChain arm => arm.Joints[i].Type.ToString().ToLowerInvariant(),
                LearnedChain => "actuator",
                _ => free ? "continuous" : "revolute",
            };
            return new { name = chain.Names[i], type, lower = free ? (double?)null : r.Lo, upper = free ? (double?)null
                : r.Hi };
        }
        return new
        {
            name = m.Name, kind = chain switch { LearnedChain => "learned", SpatialChain => "spatial", _ => "planar" },
            target = m.Model.Task.Name, joints = Enumerable.Range(0, chain.Count).Select(Joint),
            links = (chain as PlanarChain)?.Links.ToArray(), reach = chain.Reach,
        };
    }
}
