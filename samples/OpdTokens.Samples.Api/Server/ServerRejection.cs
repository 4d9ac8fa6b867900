using System.Globalization;
using System.Text;
using System.Text.Json;
using OpdTokens.Samples.Api.Problems;

namespace OpdTokens.Samples.Api.Server;

/// <summary>Turns a response Kestrel wrote itself, without a body, for a request it refused before the application
/// saw it (a malformed request line, <c>%00</c> in the path, a header name or value it cannot read, headers too large),
/// into an RFC 9457 problem with a <c>code</c>, like every other error of the host.</summary>
/// <remarks>
/// <para>Kestrel offers no hook for these responses, so <see cref="RejectionRewritingWriter"/> looks at what the server
/// writes to the connection. A response is rewritten only when it is the server's own: an error status with
/// <c>Content-Length: 0</c> and nothing after its head. The application never answers an error that way (every error
/// it produces has a problem body), so nothing the application wrote is ever changed.</para>
/// <para>The server closes the connection after such a response, so the added body cannot be mistaken for the next
/// response. Over TLS and HTTP/2 the bytes are not HTTP/1.1 text and pass unchanged.</para>
/// </remarks>
internal static class ServerRejection
{
    private const string ProblemType = "https://tools.ietf.org/html/rfc9110#section-15.5";

    private static ReadOnlySpan<byte> Http11 => "HTTP/1.1 "u8;

    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>Returns the rewritten response when <paramref name="response"/> is a body-less error response of the
    /// server, else <see langword="null"/>.</summary>
    public static byte[]? TryRewrite(ReadOnlySpan<byte> response)
    {
        if (
            !response.StartsWith(Http11)
            || response.Length < Http11.Length + 3
            || !int.TryParse(
                response.Slice(Http11.Length, 3),
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var status
            )
            || status < 400
        )
        {
            return null;
        }

        var end = response.IndexOf(HeaderEnd);
        if (end < 0 || end + HeaderEnd.Length != response.Length)
        {
            return null;
        }

        var lines = Encoding.Latin1.GetString(response[..end]).Split("\r\n");
        if (!lines.Skip(1).Any(IsEmptyContentLength))
        {
            return null;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(Problem(status));
        var head = new StringBuilder();
        head.Append(lines[0]).Append("\r\n");
        foreach (var line in lines.Skip(1).Where(l => !IsEmptyContentLength(l)))
        {
            head.Append(line).Append("\r\n");
        }

        head.Append("Content-Type: application/problem+json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    private static bool IsEmptyContentLength(string line) =>
        line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
        && line["Content-Length:".Length..].Trim() == "0";

    private static Dictionary<string, object> Problem(int status)
    {
        var (code, title, detail) = status switch
        {
            StatusCodes.Status400BadRequest => (
                ProblemCodes.ValidationFailed,
                "The request is not valid.",
                "The server could not read the request: its request line, path or headers are malformed (for "
                    + "example a control character such as %00 in the path, or a header it cannot decode)."
            ),
            StatusCodes.Status408RequestTimeout => (
                ProblemCodes.RequestTimeout,
                "The request took too long.",
                "The request's headers or body did not arrive in time."
            ),
            StatusCodes.Status411LengthRequired => (
                ProblemCodes.LengthRequired,
                "The request needs a length.",
                "Send Content-Length or a chunked body."
            ),
            StatusCodes.Status413PayloadTooLarge => (
                ProblemCodes.PayloadTooLarge,
                "The request body is too large.",
                "Request bodies are limited to 16 KB."
            ),
            StatusCodes.Status414UriTooLong => (
                ProblemCodes.UriTooLong,
                "The request target is too long.",
                "The path and query string are longer than the server accepts."
            ),
            StatusCodes.Status431RequestHeaderFieldsTooLarge => (
                ProblemCodes.HeadersTooLarge,
                "The request headers are too large.",
                "The request's headers are larger than the server accepts."
            ),
            _ => (
                ProblemCodes.ForStatus(status),
                "The request cannot be processed.",
                "The server refused the request."
            ),
        };
        var problem = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["type"] = ProblemType,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            [ApiProblem.CodeMember] = code,
        };
        if (status == StatusCodes.Status400BadRequest)
        {
            problem[ApiProblem.ErrorsMember] = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["request"] = [detail],
            };
        }

        return problem;
    }
}
