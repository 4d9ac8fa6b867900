using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Support;

/// <summary>Sends bytes no well-behaved HTTP client would send (a control character in the path, a header it cannot
/// decode) to a real server, and reads the answer.</summary>
public static class RawHttp
{
    /// <summary>A response: its status, headers (lower-case names) and body.</summary>
    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
    }

    /// <summary>Sends <paramref name="request"/> (Latin-1 text, so every char is one byte) and reads until the server
    /// closes the connection; add <c>Connection: close</c> for requests the server accepts.</summary>
    public static async Task<Response> SendAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"No response head in: {text}");
        var lines = text[..end].Split("\r\n");
        var headers = lines
            .Skip(1)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding == "chunked")
        {
            body = Unchunk(body);
        }

        return new Response(
            int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture),
            headers,
            body
        );
    }

    private static string Unchunk(string chunked)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd], 16);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
