using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NeuralIk.Cli.Server;

/// <summary>
/// What every request passes before an endpoint sees it, so that a web page elsewhere cannot use the server: the
/// Host header must name the server (a DNS-rebinding page reaches 127.0.0.1 under its own name); a POST must come
/// from the server's own page or from a program, never from another origin (a browser says so in Origin and
/// Sec-Fetch-Site), and must say it is JSON (a text/plain POST is the kind a page may send without asking first).
/// Every response carries headers that keep browsers from sniffing types, framing the page or loading anything
/// from elsewhere. Refusals are JSON like every other error: 403 for host and origin, 415 for the content type.
/// </summary>
public sealed class RequestGuard
{
    readonly HashSet<string> _names;
    readonly bool _anyAddress;
    readonly string _policy;

    /// <summary>
    /// A guard for a server listening on <paramref name="listen"/>: it answers to that address, to the loopback
    /// names when it is a loopback address, to any IP address when it is 0.0.0.0 or ::, and to
    /// <paramref name="names"/> (host names the user allows). <paramref name="page"/> is the HTML page, whose
    /// inline script the content security policy admits by its hash.
    /// </summary>
    public RequestGuard(IPAddress listen, IEnumerable<string> names, string page)
    {
        _anyAddress = listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any);
        _names = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase) { Literal(listen) };
        if (IPAddress.IsLoopback(listen))
            _names.UnionWith(["localhost", "127.0.0.1", "[::1]"]);
        _policy = "default-src 'self'; script-src 'self' " + ScriptHashes(page) + "; style-src 'self' " +
            "'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; " +
            "base-uri 'none'; form-action 'none'";
    }

    /// <summary>The middleware: headers on every response, then the refusal or the endpoint.</summary>
    public async Task Handle(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = _policy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (Refusal(context.Request) is { } refusal)
        {
            context.Response.StatusCode = refusal.Status;
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = refusal.Message },
                IkServer.Json));
            return;
        }
        await next();
    }

    (int Status, string Message)? Refusal(HttpRequest request)
    {
        var host = request.Host.Host;
        if (!_names.Contains(host) && !(_anyAddress && IPAddress.TryParse(host.Trim('[', ']'), out _)))
            return (StatusCodes.Forbidden, $"Host '{request.Host}' is not a name this server answers to " +
                $"({string.Join(", ", _names.Order(StringComparer.Ordinal))}); allow it with --allowed-host");
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            return null;
        var origin = request.Headers.Origin.ToString();
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if ((origin.Length > 0 && origin != $"{request.Scheme}://{request.Host}")
            || site is not ("" or "same-origin" or "none"))
            return (StatusCodes.Forbidden, $"a request from another origin ({(origin.Length > 0 ? origin : site)}) " +
                "is refused: the API answers its own page and programs, not other web pages");
        return MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType == "application/json" && type.CharSet is null or "utf-8" or "UTF-8"
            ? null
            : (StatusCodes.UnsupportedMediaType, $"Content-Type must be application/json, got " +
                $"'{request.ContentType ?? "none"}'");
    }

    static string Literal(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{address}]" : address.ToString();

    // 'sha256-…' for each inline <script> of the page: the browser runs those and nothing else inline.
    static string ScriptHashes(string page)
    {
        var hashes = new List<string>();
        for (var at = page.IndexOf("<script>", StringComparison.Ordinal); at >= 0;
             at = page.IndexOf("<script>", at + 1, StringComparison.Ordinal))
        {
            var start = at + "<script>".Length;
            var script = page[start..page.IndexOf("</script>", start, StringComparison.Ordinal)];
            hashes.Add($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'");
        }
        return string.Join(' ', hashes);
    }
}
