using System.Net;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

public sealed class HostEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Health_answers_without_a_key()
    {
        using var anonymous = factory.Client(apiKey: null);

        var health = await anonymous.GetAsync("/health");

        Assert.Equal("healthy", (string)health!["status"]!);
    }

    [Fact]
    public async Task OpenApi_document_is_served_without_a_key_and_covers_the_contract()
    {
        using var anonymous = factory.Client(apiKey: null);

        var document = await anonymous.GetAsync("/openapi/v1.json");

        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        string[] contract =
        [
            "/api/v1/doctors",
            "/api/v1/doctors/{id}",
            "/api/v1/doctors/{id}/delay",
            "/api/v1/slots",
            "/api/v1/slots/{id}",
            "/api/v1/slots/{id}/close",
            "/api/v1/slots/{id}/queue",
            "/api/v1/slots/{id}/queue/stream",
            "/api/v1/tokens",
            "/api/v1/tokens/{id}",
            "/api/v1/tokens/number/{tokenNumber}",
            "/api/v1/tokens/{id}/status",
            "/api/v1/tokens/{id}/cancel",
            "/api/v1/tokens/{id}/no-show",
            "/api/v1/tokens/{id}/reallocate",
            "/api/v1/analytics/slots/{id}",
            "/api/v1/analytics/doctors/{id}/day/{date}",
            "/api/v1/analytics/system/status",
            "/health",
        ];
        Assert.All(contract, path => Assert.Contains(path, paths));
        var schemas = document["components"]!["schemas"]!;
        Assert.Equal(
            ["emergency", "paid", "follow_up", "online", "walk_in"],
            schemas["TokenSource"]!["enum"]!.AsArray().Select(v => (string)v!).ToArray()
        );
        Assert.Equal(
            ["doctorId", "patientName", "source"],
            schemas["CreateTokenRequest"]!["required"]!.AsArray().Select(v => (string)v!).ToArray()
        );
        var apiKey = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("X-Api-Key", (string)apiKey["name"]!);
        Assert.Equal("header", (string)apiKey["in"]!);
        Assert.Empty(document["paths"]!["/health"]!["get"]!["security"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_routes_and_methods_are_problem_details()
    {
        using var api = factory.Client();

        var missing = await api.GetAsync("/api/v1/nothing-here", HttpStatusCode.NotFound);
        var method = await api.CallAsync(HttpMethod.Delete, "/api/v1/tokens", null, HttpStatusCode.MethodNotAllowed);

        Assert.Equal("not_found", (string)missing!["code"]!);
        Assert.Equal("method_not_allowed", (string)method!["code"]!);
    }
}
