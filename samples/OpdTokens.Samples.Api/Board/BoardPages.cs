using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace OpdTokens.Samples.Api.Board;

/// <summary>Serves the board's and the consulting room's pages (plain HTML, CSS and JavaScript, built into the
/// assembly so they are there whatever the content root): <c>/board/{doctors}</c>, <c>/board/connect</c>,
/// <c>/consult/{doctorId}</c> and their assets under <c>/board-assets/</c>.</summary>
/// <remarks>The pages carry no data: what they show comes from the API, under its own authentication. Every page is
/// sent with a strict Content-Security-Policy (only this origin's scripts, styles and connections).</remarks>
internal static class BoardPages
{
    private const string Security =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Content, string Type, string ETag)> Files = Load();

    public static WebApplication MapBoardPages(this WebApplication app)
    {
        app.MapGet("/board/connect", (HttpContext c) => Serve(c, "connect.html"))
            .ExcludeFromDescription()
            .AllowAnonymous();
        app.MapGet("/board/{doctors}", (HttpContext c) => Serve(c, "board.html"))
            .ExcludeFromDescription()
            .AllowAnonymous();
        app.MapGet("/consult/{doctorId}", (HttpContext c) => Serve(c, "consult.html"))
            .ExcludeFromDescription()
            .AllowAnonymous();
        app.MapGet(
                "/board-assets/{file}",
                (string file, HttpContext c) =>
                    file.EndsWith(".html", StringComparison.Ordinal) ? Results.NotFound() : Serve(c, file)
            )
            .ExcludeFromDescription()
            .AllowAnonymous();
        return app;
    }

    private static IResult Serve(HttpContext context, string name)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return Problems.ApiProblem.NotFound("No page has this name.");
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Security;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        return context.Request.Headers.IfNoneMatch == file.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(file.Content, file.Type);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string Prefix = "OpdTokens.Samples.Api.Board.Pages.";
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (
            var resource in assembly
                .GetManifestResourceNames()
                .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        )
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[Prefix.Length..];
            var content = buffer.ToArray();
            var type = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => "application/octet-stream",
            };
            files[name] = (content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
