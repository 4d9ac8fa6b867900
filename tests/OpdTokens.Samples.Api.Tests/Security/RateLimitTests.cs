using System.Net;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Security;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_and_recovers_after_the_window()
    {
        using var factory = ApiFactory.With(
            new Dictionary<string, string?>
            {
                ["Security:RateLimit:PermitLimit"] = "3",
                ["Security:RateLimit:WindowSeconds"] = "1",
            }
        );
        using var desk = factory.Client(ApiFactory.DeskKey);
        using var admin = factory.Client(ApiFactory.AdminKey);
        using var anonymous = factory.Client(apiKey: null);

        for (var i = 0; i < 3; i++)
        {
            await desk.GetAsync("/api/v1/doctors");
        }

        using var limited = await desk.SendAsync(HttpMethod.Get, "/api/v1/doctors");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = int.Parse(
            Assert.Single(limited.Headers.GetValues("Retry-After")),
            System.Globalization.CultureInfo.InvariantCulture
        );
        Assert.InRange(retryAfter, 1, 1);
        var problem = JsonNode.Parse(await limited.Content.ReadAsStringAsync())!;
        Assert.Equal("rate_limited", (string)problem["code"]!);
        Assert.Equal(429, (int)problem["status"]!);

        // Limits are per key, and health checks are never limited.
        await admin.GetAsync("/api/v1/doctors");
        for (var i = 0; i < 5; i++)
        {
            await anonymous.GetAsync("/health");
        }

        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(300));
        await desk.GetAsync("/api/v1/doctors");
    }
}
