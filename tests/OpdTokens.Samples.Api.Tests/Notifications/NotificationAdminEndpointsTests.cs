using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpdTokens.Allocation.Tests.Receivers;

namespace OpdTokens.Samples.Api.Tests.Notifications;

/// <summary>Notifications in the API sample: off unless configured, and when on, the admin endpoints list what the
/// dispatcher gave up on, a page at a time, and retry it into the webhook.</summary>
public sealed class NotificationAdminEndpointsTests
{
    private const string Admin = "/api/v1/admin/notifications";

    [Fact]
    public async Task Notifications_are_off_unless_configured_and_the_outbox_then_reads_empty()
    {
        using var factory = new ApiFactory();
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 5);
        await admin.PostAsync("/api/v1/tokens", Booking(doctor, slot, "Off Patient"), HttpStatusCode.Created);

        var counts = (await admin.GetAsync($"{Admin}/outbox"))!;
        Assert.False((bool)counts["enabled"]!);
        Assert.Equal(0, (long)counts["pending"]!);
        Assert.Equal(0, (long)counts["delivered"]!);
        Assert.Equal(0, (long)counts["deadLetters"]!);
        Assert.Empty((await admin.GetAsync($"{Admin}/dead-letters"))!.AsArray());
        Assert.DoesNotContain(
            factory.Services.GetServices<IHostedService>(),
            s => s.GetType().Name == "OutboxDispatcher"
        );
    }

    [Fact]
    public async Task A_dead_letter_is_listed_without_personal_data_and_once_retried_reaches_the_webhook()
    {
        await using var receiver = new WebhookReceiver(); // not started: connections are refused
        using var factory = Notifying(receiver);
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 5);
        var token = (
            await admin.PostAsync("/api/v1/tokens", Booking(doctor, slot, "Asha Verma"), HttpStatusCode.Created)
        )!["token"]!;

        var dead = Assert.Single(await DeadLettersAsync(admin, count: 1))!;
        var id = (string)dead["id"]!;
        Assert.StartsWith($"E-{doctor}-20261121-", id, StringComparison.Ordinal);
        Assert.Equal("token_allocated", (string)dead["kind"]!);
        Assert.Equal(doctor, (string)dead["doctorId"]!);
        Assert.Equal(ApiFactory.Today, (string)dead["date"]!);
        Assert.Equal((string)token["id"]!, (string)dead["tokenId"]!);
        Assert.Equal(1, (int)dead["attempts"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)dead["lastError"]));
        Assert.DoesNotContain("Asha", dead.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("98450", dead.ToJsonString(), StringComparison.Ordinal);
        var counts = (await admin.GetAsync($"{Admin}/outbox"))!;
        Assert.True((bool)counts["enabled"]!);
        Assert.Equal(1, (long)counts["deadLetters"]!);
        Assert.Equal(0, (long)counts["pending"]!);

        receiver.Start();
        await admin.PostAsync($"{Admin}/dead-letters/{id}/retry", null, HttpStatusCode.Accepted);
        Assert.Empty((await admin.GetAsync($"{Admin}/dead-letters"))!.AsArray());
        // The dispatcher polls on the host's clock, which the test moves on.
        Assert.True(
            await WaitAsync(() => receiver.Accepted.Any(r => r.Id.ToString() == id), factory),
            "The retried notification did not arrive."
        );
        var delivered = receiver.Accepted.Single(r => r.Id.ToString() == id);
        Assert.Equal("token_allocated", delivered.Kind);
        Assert.Contains((string)token["tokenNumber"]!, delivered.Message, StringComparison.Ordinal);
        Assert.Equal(0, receiver.Rejected);
        await admin.PostAsync($"{Admin}/dead-letters/{id}/retry", null, HttpStatusCode.NotFound);
        Assert.True(
            await WaitAsync(async () => (long)(await admin.GetAsync($"{Admin}/outbox"))!["delivered"]! >= 1, factory)
        );
    }

    [Fact]
    public async Task Dead_letters_are_listed_by_event_id_a_page_at_a_time()
    {
        await using var receiver = new WebhookReceiver();
        using var factory = Notifying(receiver);
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 5);
        for (var i = 1; i <= 3; i++)
        {
            await admin.PostAsync("/api/v1/tokens", Booking(doctor, slot, "Paged " + i), HttpStatusCode.Created);
        }

        var all = await DeadLettersAsync(admin, count: 3);
        using var first = await admin.SendAsync(HttpMethod.Get, $"{Admin}/dead-letters?limit=2");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var cursor = first.Headers.GetValues("Next-Cursor").Single();
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        var firstPage = JsonNode.Parse(await first.Content.ReadAsStringAsync())!.AsArray();
        using var second = await admin.SendAsync(
            HttpMethod.Get,
            $"{Admin}/dead-letters?limit=2&cursor={Uri.EscapeDataString(cursor)}"
        );
        Assert.False(second.Headers.Contains("Next-Cursor"));
        var secondPage = JsonNode.Parse(await second.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(2, firstPage.Count);
        Assert.Single(secondPage);
        var ids = all.Select(d => (string)d!["id"]!).ToList();
        Assert.Equal(ids, firstPage.Concat(secondPage).Select(d => (string)d!["id"]!));
        Assert.Equal(
            ids.OrderBy(i => long.Parse(i.Split('-')[3], System.Globalization.CultureInfo.InvariantCulture)),
            ids
        );
    }

    [Theory]
    [InlineData("dead-letters?limit=0", "limit")]
    [InlineData("dead-letters?limit=lots", "limit")]
    [InlineData("dead-letters?cursor=not-a-cursor", "cursor")]
    public async Task A_bad_page_request_is_a_validation_problem(string path, string field)
    {
        using var factory = new ApiFactory();
        using var admin = factory.Client();

        var problem = (await admin.GetAsync($"{Admin}/{path}", HttpStatusCode.BadRequest))!;

        Assert.Equal("validation_failed", (string)problem["code"]!);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("E-D1-20261121-0-1")]
    [InlineData("E-D1-2026-11-21-1-1")]
    [InlineData("T-D1-20261121-1")]
    public async Task Retrying_a_malformed_event_id_is_a_validation_problem(string eventId)
    {
        using var factory = new ApiFactory();
        using var admin = factory.Client();

        var problem = (
            await admin.PostAsync(
                $"{Admin}/dead-letters/{Uri.EscapeDataString(eventId)}/retry",
                null,
                HttpStatusCode.BadRequest
            )
        )!;

        Assert.Equal("validation_failed", (string)problem["code"]!);
        Assert.Contains("E-{doctor}", (string)problem["errors"]!["eventId"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrying_an_event_that_is_no_dead_letter_is_not_found_and_changes_nothing()
    {
        await using var receiver = new WebhookReceiver();
        receiver.Start();
        using var factory = Notifying(receiver);
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 5);
        await admin.PostAsync("/api/v1/tokens", Booking(doctor, slot, "Delivered"), HttpStatusCode.Created);
        Assert.True(await WaitAsync(() => receiver.Accepted.Count == 1, factory));
        var delivered = receiver.Accepted[0].Id.ToString();

        foreach (var id in (string[])[delivered, "E-D9-20261121-1-1"])
        {
            var problem = (await admin.PostAsync($"{Admin}/dead-letters/{id}/retry", null, HttpStatusCode.NotFound))!;
            Assert.Equal("not_found", (string)problem["code"]!);
        }

        await Task.Delay(200);
        Assert.Single(receiver.Accepted);
    }

    [Theory]
    [InlineData(ApiFactory.DeskKey)]
    [InlineData(ApiFactory.ClinicianKey)]
    [InlineData(ApiFactory.DisplayKey)]
    [InlineData(null)]
    public async Task Only_admin_keys_see_or_retry_notifications(string? key)
    {
        using var factory = new ApiFactory();
        using var client = factory.Client(key);
        var expected = key is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;

        foreach (
            var (method, path) in (IEnumerable<(HttpMethod, string)>)
                [
                    (HttpMethod.Get, $"{Admin}/outbox"),
                    (HttpMethod.Get, $"{Admin}/dead-letters"),
                    (HttpMethod.Post, $"{Admin}/dead-letters/E-D1-20261121-1-1/retry"),
                ]
        )
        {
            var problem = (await client.CallAsync(method, path, null, expected))!;
            Assert.Equal(key is null ? "unauthorized" : "forbidden", (string)problem["code"]!);
        }
    }

    [Fact]
    public void Notifications_enabled_without_a_channel_stop_start_up_naming_the_settings()
    {
        var error = StartupError(new() { ["OpdTokens:Notifications:Enabled"] = "true" });

        Assert.Contains("OpdTokens:Notifications:Webhook:Url", error, StringComparison.Ordinal);
        Assert.Contains("OpdTokens:Notifications:LogChannel", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_with_a_short_secret_stops_start_up()
    {
        var error = StartupError(
            new()
            {
                ["OpdTokens:Notifications:Enabled"] = "true",
                ["OpdTokens:Notifications:Webhook:Url"] = "http://127.0.0.1:9/hooks/",
                ["OpdTokens:Notifications:Webhook:Secret"] = "too-short",
            }
        );

        Assert.Contains("Secret", error, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", error, StringComparison.Ordinal);
    }

    /// <summary>Starts a host with settings it reads while building (as environment variables would be) and returns
    /// why it refused to start.</summary>
    private static string StartupError(Dictionary<string, string> settings)
    {
        using var factory = new ApiFactory();
        using var host = factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

        var error = Record.Exception(() => host.CreateClient());

        Assert.NotNull(error);
        return error.ToString();
    }

    /// <summary>A host with notifications on: the webhook channel to the receiver, one attempt before an event is
    /// given up on, and no consent needed (the contract's patients carry no attributes).</summary>
    internal static NotifyingHost Notifying(WebhookReceiver receiver) =>
        NotifyingHost.Start(
            receiver,
            new Dictionary<string, string>
            {
                ["OpdTokens:Notifications:Enabled"] = "true",
                ["OpdTokens:Notifications:Webhook:Url"] = receiver.Url.ToString(),
                ["OpdTokens:Notifications:Webhook:Secret"] = WebhookReceiver.Secret,
                ["OpdTokens:Notifications:RequireConsent"] = "false",
                ["OpdTokens:Notifications:MaxAttempts"] = "1",
                ["OpdTokens:Notifications:AttemptTimeout"] = "00:00:02",
                ["OpdTokens:Notifications:LeaseDuration"] = "00:00:10",
            }
        );

    internal static object Booking(string doctor, string slot, string name) =>
        new
        {
            doctorId = doctor,
            slotId = slot,
            patientName = name,
            patientPhone = "+91 98450 12345",
            source = "walk_in",
        };

    /// <summary>Waits until the dispatcher has given up on <paramref name="count"/> events, then lists them.</summary>
    internal static async Task<JsonArray> DeadLettersAsync(ApiClient admin, int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var list = (await admin.GetAsync($"{Admin}/dead-letters"))!.AsArray();
            if (list.Count >= count || DateTime.UtcNow > until)
            {
                Assert.Equal(count, list.Count);
                return list;
            }

            await Task.Delay(50);
        }
    }

    private static Task<bool> WaitAsync(Func<bool> condition, NotifyingHost factory) =>
        WaitAsync(() => Task.FromResult(condition()), factory);

    /// <summary>Waits for a condition, moving the host's clock on a second at a time so the dispatcher's poll comes
    /// round (it sleeps on that clock); at most 20 seconds of real time.</summary>
    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, NotifyingHost factory)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        return true;
    }
}
