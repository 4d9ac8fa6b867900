using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Samples.Api.Server;
using OpdTokens.Samples.Api.Tests.Support;

namespace OpdTokens.Samples.Api.Tests.Problems;

/// <summary>Requests the web server refuses before the application sees them are answered with problem details too,
/// on a real Kestrel server.</summary>
public sealed class ServerRejectionTests : IDisposable
{
    private readonly ApiFactory _factory = ApiFactory.With(
        new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" }
    );
    private readonly Uri _server;

    public ServerRejectionTests()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        _server = new Uri(
            _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        );
    }

    public static TheoryData<string, string> Refused =>
        new()
        {
            { "NUL in the path", "GET /api/v1/tokens/%00 HTTP/1.1\r\nHost: api\r\n\r\n" },
            { "NUL inside a path segment", "GET /api/v1/doctors/a%00b HTTP/1.1\r\nHost: api\r\n\r\n" },
            {
                "header name that is not ASCII",
                "GET /api/v1/doctors HTTP/1.1\r\nHost: api\r\nX-T\u00c3\u00a9st: a\r\n\r\n"
            },
            { "malformed request line", "GET  /api/v1/doctors HTTP/1.1\r\nHost: api\r\n\r\n" },
            { "header without a colon", "GET /api/v1/doctors HTTP/1.1\r\nHost: api\r\nBroken header\r\n\r\n" },
        };

    [Theory]
    [MemberData(nameof(Refused), DisableDiscoveryEnumeration = true)]
    public async Task A_request_the_server_refuses_is_a_400_problem_with_a_code(string what, string request)
    {
        var response = await RawHttp.SendAsync(_server, request);

        Assert.True(response.Status == 400, $"{what}: {response.Status}");
        Assert.Equal("application/problem+json", response.Headers["content-type"]);
        var problem = response.Json!;
        Assert.Equal("validation_failed", (string)problem["code"]!);
        Assert.Equal(400, (int)problem["status"]!);
        Assert.NotNull(problem["errors"]!["request"]);
    }

    [Fact]
    public async Task An_idempotency_key_that_is_not_ascii_is_a_400_naming_the_header()
    {
        using var api = _factory.Client();
        var doctor = await api.CreateDoctorAsync();
        var body = $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\"}}";
        var response = await RawHttp.SendAsync(
            _server,
            "POST /api/v1/tokens HTTP/1.1\r\nHost: api\r\nConnection: close\r\n"
                + $"X-Api-Key: {ApiFactory.AdminKey}\r\nIdempotency-Key: k\u00ff\u00fey\r\n"
                + $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}"
        );

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.Headers["content-type"]);
        Assert.NotNull(response.Json!["errors"]!["idempotencyKey"]);
    }

    [Fact]
    public async Task An_api_key_that_is_not_ascii_is_a_401_problem()
    {
        var response = await RawHttp.SendAsync(
            _server,
            "GET /api/v1/doctors HTTP/1.1\r\nHost: api\r\nConnection: close\r\nX-Api-Key: \u00e2\u0082\u00ac\u00ff\r\n\r\n"
        );

        Assert.Equal(401, response.Status);
        Assert.Equal("unauthorized", (string)response.Json!["code"]!);
    }

    [Fact]
    public void Only_the_servers_own_bodyless_error_responses_are_rewritten()
    {
        static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

        Assert.Null(ServerRejection.TryRewrite(Bytes("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")));
        Assert.Null(ServerRejection.TryRewrite(Bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}")));
        Assert.Null(ServerRejection.TryRewrite(Bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\nHTTP/1.1")));
        Assert.Null(
            ServerRejection.TryRewrite(Bytes("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n"))
        );
        Assert.Null(ServerRejection.TryRewrite(Bytes("data: {\"queue\":[]}\n\n")));

        var rewritten = ServerRejection.TryRewrite(
            Bytes("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        );

        var text = Encoding.UTF8.GetString(rewritten!);
        Assert.StartsWith(
            "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n",
            text,
            StringComparison.Ordinal
        );
        Assert.Contains("Content-Type: application/problem+json\r\n", text, StringComparison.Ordinal);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"headers_too_large\"", body, StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();
}
