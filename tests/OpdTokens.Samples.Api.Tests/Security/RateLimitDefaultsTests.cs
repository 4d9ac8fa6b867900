using System.Net;

namespace OpdTokens.Samples.Api.Tests.Security;

/// <summary>The shipped limits (appsettings.json) let real clients work and still stop key guessing.</summary>
public sealed class RateLimitDefaultsTests
{
    /// <summary>The factory lifts the limit for the other tests; these remove that, so appsettings.json applies.</summary>
    private static readonly Dictionary<string, string?> ShippedLimits = new()
    {
        ["Security:RateLimit:PermitLimit"] = null,
        ["Security:RateLimit:WindowSeconds"] = null,
    };

    [Fact]
    public async Task A_busy_desk_is_never_limited_within_a_minute()
    {
        // A counter of ten clerks behind one key at peak: each books a patient every 30 s (a booking, a look-up of the
        // token and of the doctor's slots) and refreshes the token list and three queues every 10 s: 60 a minute each.
        using var factory = ApiFactory.With(ShippedLimits);
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 1000);
        using var desk = factory.Client(ApiFactory.DeskKey);

        for (var request = 0; request < 600; request++)
        {
            var path = (request % 6) switch
            {
                0 => $"/api/v1/tokens?doctorId={doctor}",
                1 => $"/api/v1/slots?doctorId={doctor}",
                _ => $"/api/v1/slots/{slot}/queue",
            };
            using var response = await desk.SendAsync(HttpMethod.Get, path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Request {request + 1}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_limited_per_address_far_below_a_key()
    {
        using var factory = ApiFactory.With(ShippedLimits);
        using var guesser = factory.Client("not-a-key-of-this-host-0001");

        var statuses = new List<HttpStatusCode>();
        for (var request = 0; request < 61; request++)
        {
            using var response = await guesser.SendAsync(HttpMethod.Get, "/api/v1/doctors");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(60), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[60]);
    }

    [Fact]
    public async Task A_key_may_have_its_own_limit()
    {
        using var factory = ApiFactory.With(
            new Dictionary<string, string?>(ShippedLimits) { ["Security:ApiKeys:1:PermitLimit"] = "2" }
        );
        using var desk = factory.Client(ApiFactory.DeskKey);
        using var admin = factory.Client();

        await desk.GetAsync("/api/v1/doctors");
        await desk.GetAsync("/api/v1/doctors");
        var limited = await desk.GetAsync("/api/v1/doctors", HttpStatusCode.TooManyRequests);

        Assert.Equal("rate_limited", (string)limited!["code"]!);
        await admin.GetAsync("/api/v1/doctors");
    }
}
