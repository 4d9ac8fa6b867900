using System.Net;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

/// <summary><c>GET /tokens</c> and <c>GET /slots</c> answer a page at a time (the plain array of the contract) and
/// link the next page.</summary>
public sealed class PagingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task Tokens_come_a_page_at_a_time_each_once_in_order_until_no_next_link()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 20);
        for (var i = 0; i < 7; i++)
        {
            await _api.AllocateAsync(doctor, slot, $"Patient {i}");
        }

        var seen = new List<int>();
        string? next = $"/api/v1/tokens?doctorId={doctor}&limit=3";
        var pages = 0;
        while (next is not null)
        {
            using var response = await _api.SendAsync(HttpMethod.Get, next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
            Assert.InRange(page.Count, 1, 3);
            seen.AddRange(page.Select(t => (int)t!["sequenceNumber"]!));
            next = response.Headers.TryGetValues("Link", out var links) ? NextOf(links.Single()) : null;
            Assert.Equal(next is null, !response.Headers.Contains("Next-Cursor"));
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7), seen);
    }

    [Fact]
    public async Task Slots_page_by_start_time_and_the_default_limit_is_200()
    {
        var doctor = await _api.CreateDoctorAsync();
        for (var hour = 9; hour < 14; hour++)
        {
            await _api.CreateSlotAsync(doctor, $"{hour:00}:00", $"{hour:00}:30", 2, ApiFactory.Tomorrow);
        }

        using var first = await _api.SendAsync(
            HttpMethod.Get,
            $"/api/v1/slots?doctorId={doctor}&date={ApiFactory.Tomorrow}&limit=2"
        );
        var cursor = first.Headers.GetValues("Next-Cursor").Single();
        var rest = (
            await _api.GetAsync($"/api/v1/slots?doctorId={doctor}&date={ApiFactory.Tomorrow}&limit=200&cursor={cursor}")
        )!.AsArray();
        using var all = await _api.SendAsync(
            HttpMethod.Get,
            $"/api/v1/slots?doctorId={doctor}&date={ApiFactory.Tomorrow}"
        );

        Assert.Equal(["11:00", "12:00", "13:00"], rest.Select(s => (string)s!["startTime"]!).ToArray());
        Assert.False(all.Headers.Contains("Link"));
        Assert.Equal(5, JsonNode.Parse(await all.Content.ReadAsStringAsync())!.AsArray().Count);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task A_bad_limit_or_cursor_is_a_400_naming_it(string query, string field)
    {
        var problem = await _api.GetAsync($"/api/v1/tokens?{query}", HttpStatusCode.BadRequest);

        Assert.NotNull(problem!["errors"]![field]);
    }

    [Fact]
    public async Task A_cursor_of_one_query_is_refused_by_another()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 5);
        await _api.AllocateAsync(doctor, slot, "One");
        await _api.AllocateAsync(doctor, slot, "Two");
        using var first = await _api.SendAsync(HttpMethod.Get, $"/api/v1/tokens?doctorId={doctor}&limit=1");
        var cursor = first.Headers.GetValues("Next-Cursor").Single();

        var problem = await _api.GetAsync(
            $"/api/v1/tokens?doctorId={doctor}&status=allocated&limit=1&cursor={cursor}",
            HttpStatusCode.BadRequest
        );

        Assert.NotNull(problem!["errors"]!["cursor"]);
    }

    /// <summary>The target of a <c>Link: &lt;...&gt;; rel="next"</c> header.</summary>
    private static string NextOf(string link)
    {
        Assert.EndsWith("; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }
}
