using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OpdTokens.Samples.Api.Tests.Support;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

/// <summary>Liveness says the process serves requests; readiness says it can also reach its store, and says so within
/// a deadline even when the store hangs.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Readiness_is_healthy_while_the_store_answers()
    {
        using var store = new ScriptedStore();
        using var factory = new ApiFactory { Store = store };
        using var anonymous = factory.Client(apiKey: null);

        var ready = await anonymous.GetAsync("/health/ready");

        Assert.Equal("healthy", (string)ready!["status"]!);
        Assert.Equal("healthy", (string)ready["checks"]!["store"]!);
    }

    [Theory]
    [InlineData(StoreBehaviour.Hung)]
    [InlineData(StoreBehaviour.Unavailable)]
    public async Task Readiness_is_a_503_within_the_deadline_when_the_store_does_not_answer_while_liveness_stays_healthy(
        StoreBehaviour behaviour
    )
    {
        using var store = new ScriptedStore();
        using var factory = new ApiFactory { Store = store };
        using var anonymous = factory.Client(apiKey: null);
        await anonymous.GetAsync("/health/ready");

        store.Behaviour = behaviour;
        var watch = Stopwatch.StartNew();
        using var response = await anonymous.SendAsync(HttpMethod.Get, "/health/ready");
        watch.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("store_unavailable", (string)problem["code"]!);
        Assert.Equal("unhealthy", (string)problem["checks"]!["store"]!);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal("healthy", (string)(await anonymous.GetAsync("/health"))!["status"]!);

        store.Behaviour = StoreBehaviour.Working;
        Assert.Equal("healthy", (string)(await anonymous.GetAsync("/health/ready"))!["status"]!);
    }
}
