using System.Net;
using Microsoft.Extensions.Hosting.Internal;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Tests.Board;

/// <summary>A screen authenticated by its board-link cookie is limited per link, not by its address's anonymous
/// limit: several screens behind one hospital NAT do not exhaust each other.</summary>
public sealed class BoardLinkRateLimitTests
{
    [Fact]
    public async Task Screens_behind_one_address_have_a_limit_per_board_link_and_a_cookie_of_no_link_has_the_address_limit()
    {
        using var factory = ApiFactory.With(
            new Dictionary<string, string?>
            {
                ["Security:RateLimit:AnonymousPermitLimit"] = "4",
                ["Security:RateLimit:BoardLinkPermitLimit"] = "6",
            }
        );
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var board = $"/api/v1/board?doctors={doctor}";
        var first = await IssueAsync(admin, doctor, "ward-3-tv");
        var second = await IssueAsync(admin, doctor, "ward-4-tv");
        // Each session request is anonymous (no cookie yet): two of the address's four.
        using var ward3 = await BoardScreen.ConnectAsync(factory, first);
        using var ward4 = await BoardScreen.ConnectAsync(factory, second);

        // Twelve board reads from one address, six per link: none is refused.
        for (var i = 0; i < 6; i++)
        {
            await ward3.GetAsync(board);
            await ward4.GetAsync(board);
        }

        // Each link is still limited on its own.
        var limited = await ward3.GetAsync(board, HttpStatusCode.TooManyRequests);
        await ward4.GetAsync(board, HttpStatusCode.TooManyRequests);
        using var refused = await ward3.SendAsync(HttpMethod.Get, board);

        // The address kept its other two: a cookie that names no link is anonymous, so guessing is limited there.
        using var guesser = factory.Client(apiKey: null);
        guesser.Http.DefaultRequestHeaders.Add("Cookie", "opd-board=not-a-secret-of-this-host");
        await guesser.GetAsync(board, HttpStatusCode.Unauthorized);
        await guesser.GetAsync(board, HttpStatusCode.Unauthorized);
        await guesser.GetAsync(board, HttpStatusCode.TooManyRequests);

        Assert.Equal("rate_limited", (string)limited!["code"]!);
        Assert.Contains("board link", (string)limited["detail"]!, StringComparison.Ordinal);
        Assert.InRange(
            int.Parse(
                refused.Headers.GetValues("Retry-After").Single(),
                System.Globalization.CultureInfo.InvariantCulture
            ),
            1,
            60
        );
    }

    [Fact]
    public async Task The_shipped_limit_lets_four_screens_on_one_link_reconnect_every_two_seconds_for_a_minute()
    {
        // appsettings.json's BoardLinkPermitLimit (120 a minute); the test factory lifts only the keys' limit.
        using var factory = new ApiFactory();
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var board = $"/api/v1/board?doctors={doctor}";
        var secret = await IssueAsync(admin, doctor, "ward-5-tv");
        var screens = new List<ApiClient>();
        for (var i = 0; i < 4; i++)
        {
            screens.Add(await BoardScreen.ConnectAsync(factory, secret));
        }

        try
        {
            for (var request = 0; request < 30; request++)
            {
                foreach (var screen in screens)
                {
                    await screen.GetAsync(board);
                }
            }

            await screens[0].GetAsync(board, HttpStatusCode.TooManyRequests);
        }
        finally
        {
            screens.ForEach(s => s.Dispose());
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1_000_000, true)]
    [InlineData(1_000_001, false)]
    public void The_board_link_limit_is_checked_at_start_up(int limit, bool valid)
    {
        // The validator itself: a host that fails to start races WebApplicationFactory (dotnet/aspnetcore#33494).
        var validator = new SecurityOptionsValidator(new HostingEnvironment { EnvironmentName = "Testing" });
        var options = new SecurityOptions
        {
            ApiKeys = [new ApiKeyOptions { Key = ApiFactory.AdminKey, Role = "admin" }],
            RateLimit = new RateLimitOptions { BoardLinkPermitLimit = limit },
        };

        var result = validator.Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        Assert.Equal(
            valid ? null : "Security:RateLimit:BoardLinkPermitLimit must be 1 to 1000000.",
            result.FailureMessage
        );
    }

    private static async Task<string> IssueAsync(ApiClient admin, string doctor, string name) =>
        (string)
            (
                await admin.PostAsync(
                    "/api/v1/board-links",
                    new { name, doctorIds = new[] { doctor } },
                    HttpStatusCode.Created
                )
            )!["secret"]!;
}
