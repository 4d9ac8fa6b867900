namespace OpdTokens.Samples.Api.Tests.OpenApi;

/// <summary>What a client generator reads from <c>/openapi/v1.json</c> needs no hand edits.</summary>
public sealed class OpenApiDocumentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_operation_has_an_id_a_summary_and_problem_answers()
    {
        using var anonymous = factory.Client(apiKey: null);
        var document = (await anonymous.GetAsync("/openapi/v1.json"))!;

        var operations = document["paths"]!
            .AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Name: $"{o.Key} {p.Key}", Operation: o.Value!)))
            .ToList();
        Assert.All(
            operations,
            o => Assert.False(string.IsNullOrWhiteSpace((string?)o.Operation["operationId"]), o.Name)
        );
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace((string?)o.Operation["summary"]), o.Name));
        Assert.Equal(
            operations.Count,
            operations.Select(o => (string)o.Operation["operationId"]!).Distinct(StringComparer.Ordinal).Count()
        );
        Assert.All(
            operations.Where(o => o.Name.Contains("/api/v1/", StringComparison.Ordinal)),
            o => Assert.NotNull(o.Operation["responses"]!["401"])
        );
    }

    [Fact]
    public async Task The_server_url_does_not_echo_the_caller_and_problems_have_the_contract_members()
    {
        using var anonymous = factory.Client(apiKey: null);
        var document = (await anonymous.GetAsync("/openapi/v1.json"))!;

        Assert.Equal("/", (string)document["servers"]![0]!["url"]!);
        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        Assert.All(
            (string[])["code", "errors", "alternatives", "existingToken", "title", "status", "detail"],
            member => Assert.True(problem.ContainsKey(member), member)
        );
        var createToken = document["components"]!["schemas"]!["CreateTokenRequest"]!["properties"]!;
        Assert.Equal("string", (string)createToken["patientName"]!["type"]!);
        Assert.Equal(100, (int)createToken["patientName"]!["maxLength"]!);
        Assert.Equal("#/components/schemas/TokenSource", (string)createToken["source"]!["$ref"]!);
        var slot = document["components"]!["schemas"]!["CreateSlotRequest"]!["properties"]!;
        Assert.Equal((1, 1000), ((int)slot["maxCapacity"]!["minimum"]!, (int)slot["maxCapacity"]!["maximum"]!));
        var delay = document["components"]!["schemas"]!["ReportDelayRequest"]!["properties"]!;
        Assert.Equal((0, 720), ((int)delay["minutes"]!["minimum"]!, (int)delay["minutes"]!["maximum"]!));
        var listTokens = document["paths"]!["/api/v1/tokens"]!["get"]!["parameters"]!.AsArray();
        Assert.Equal(
            "#/components/schemas/TokenStatus",
            (string)listTokens.Single(p => (string)p!["name"]! == "status")!["schema"]!["$ref"]!
        );
        Assert.Equal("date", (string)listTokens.Single(p => (string)p!["name"]! == "date")!["schema"]!["format"]!);
        var key = document["paths"]!["/api/v1/tokens"]!["post"]!["parameters"]!
            .AsArray()
            .Single(p => (string)p!["name"]! == "Idempotency-Key")!["schema"]!;
        Assert.Equal((1, 64), ((int)key["minLength"]!, (int)key["maxLength"]!));
    }

    [Fact]
    public async Task The_board_operations_take_an_api_key_or_a_board_link_cookie()
    {
        using var anonymous = factory.Client(apiKey: null);
        var document = (await anonymous.GetAsync("/openapi/v1.json"))!;

        var cookie = document["components"]!["securitySchemes"]!["BoardLink"]!;
        Assert.Equal(
            ("apiKey", "cookie", "opd-board"),
            ((string)cookie["type"]!, (string)cookie["in"]!, (string)cookie["name"]!)
        );
        foreach (var path in (string[])["/api/v1/board", "/api/v1/board/stream"])
        {
            var alternatives = document["paths"]![path]!["get"]!["security"]!
                .AsArray()
                .Select(requirement => string.Join('+', requirement!.AsObject().Select(p => p.Key)))
                .Order(StringComparer.Ordinal);
            Assert.Equal(["ApiKey", "BoardLink"], alternatives);
        }

        // Other operations keep the document's one requirement: the API key.
        Assert.Null(document["paths"]!["/api/v1/tokens"]!["post"]!["security"]);
        Assert.Equal("ApiKey", document["security"]![0]!.AsObject().Single().Key);
    }
}
