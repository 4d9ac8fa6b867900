using System.Net;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

/// <summary>The rules of design section 5, driven end to end over HTTP.</summary>
public sealed class AllocationScenarioTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task Filling_a_slot_queues_in_order_then_spills_into_the_next_slot_or_the_waitlist()
    {
        var doctor = await _api.CreateDoctorAsync();
        var s1 = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 3);
        var s2 = await _api.CreateSlotAsync(doctor, "10:00", "11:00", 3);
        var lone = await _api.CreateDoctorAsync();
        var only = await _api.CreateSlotAsync(lone, "09:00", "10:00", 1);

        var placed = new List<JsonNode>();
        for (var i = 1; i <= 3; i++)
        {
            placed.Add((await _api.AllocateAsync(doctor, s1, $"Walk In {i}"))["token"]!);
        }

        var spilled = await _api.AllocateAsync(doctor, s1, "Walk In 4");
        await _api.AllocateAsync(lone, only, "Walk In 5");
        var waiting = await _api.AllocateAsync(lone, only, "Walk In 6");

        Assert.Equal([1, 2, 3], placed.Select(t => (int)t["queuePosition"]!).ToArray());
        Assert.Equal(
            ["2026-11-21T09:00:00+05:30", "2026-11-21T09:20:00+05:30", "2026-11-21T09:40:00+05:30"],
            placed.Select(t => (string)t["estimatedStart"]!).ToArray()
        );
        Assert.Equal("allocated", (string)spilled["outcome"]!);
        Assert.Equal(s2, (string)spilled["token"]!["slotId"]!);
        Assert.Equal(3, (int)(await _api.GetAsync($"/api/v1/slots/{s1}"))!["currentCount"]!);
        Assert.Equal("waitlisted", (string)waiting["outcome"]!);
    }

    [Fact]
    public async Task A_paid_request_bumps_the_lowest_walk_in_to_the_next_slot()
    {
        var doctor = await _api.CreateDoctorAsync();
        var s1 = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        var s2 = await _api.CreateSlotAsync(doctor, "10:00", "11:00", 2);
        var first = (string)(await _api.AllocateAsync(doctor, s1, "Walk In 1"))["token"]!["id"]!;
        var second = (string)(await _api.AllocateAsync(doctor, s1, "Walk In 2"))["token"]!["id"]!;

        var paid = await _api.AllocateAsync(doctor, s1, "Paid Patient", "paid");

        Assert.Equal("bumped_other", (string)paid["outcome"]!);
        Assert.Equal(second, (string)paid["bumpedToken"]!["id"]!);
        Assert.Equal(s2, (string)paid["bumpedToken"]!["slotId"]!);
        Assert.Equal(1, (int)paid["bumpedToken"]!["bumpCount"]!);
        var queue = (await _api.GetAsync($"/api/v1/slots/{s1}/queue"))!.AsArray();
        Assert.Equal([(string)paid["token"]!["id"]!, first], queue.Select(t => (string)t!["id"]!).ToArray());
    }

    [Fact]
    public async Task An_emergency_overflows_a_full_slot_then_bumps_into_the_waitlist()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        await _api.AllocateAsync(doctor, slot, "Paid One", "paid");
        var lowest = (string)(await _api.AllocateAsync(doctor, slot, "Paid Two", "paid"))["token"]!["id"]!;

        var overflow = await _api.AllocateAsync(doctor, null, "Emergency One", "emergency");
        var second = await _api.AllocateAsync(doctor, null, "Emergency Two", "emergency");

        Assert.Equal("overflow", (string)overflow["outcome"]!);
        Assert.True((bool)overflow["token"]!["isOverflow"]!);
        Assert.True((bool)overflow["token"]!["isEmergency"]!);
        Assert.Equal(1000, (int)overflow["token"]!["priorityScore"]!);
        Assert.Equal(1, (int)overflow["token"]!["queuePosition"]!);
        Assert.Equal("bumped_other", (string)second["outcome"]!);
        Assert.Equal(lowest, (string)second["bumpedToken"]!["id"]!);
        Assert.Equal("waitlisted", (string)second["bumpedToken"]!["status"]!);
        var figures = await _api.GetAsync($"/api/v1/analytics/slots/{slot}");
        Assert.Equal(3, (int)figures!["occupancy"]!);
        Assert.Equal(1, (int)figures["overflows"]!);
    }

    [Fact]
    public async Task Cancelling_promotes_the_highest_ranked_waitlisted_token()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 1);
        var seated = (string)(await _api.AllocateAsync(doctor, slot, "Seated"))["token"]!["id"]!;
        await _api.AllocateAsync(doctor, slot, "Waiting Walk In");
        var followUp = (string)
            (await _api.AllocateAsync(doctor, slot, "Waiting Follow Up", "follow_up"))["token"]!["id"]!;
        await _api.AllocateAsync(doctor, slot, "Waiting Online", "online");

        var cancelled = await _api.PostAsync($"/api/v1/tokens/{seated}/cancel", null, HttpStatusCode.OK);

        Assert.Equal("cancelled", (string)cancelled!["token"]!["status"]!);
        Assert.NotNull(cancelled["token"]!["cancelledAt"]);
        Assert.Equal(followUp, (string)cancelled["promotedToken"]!["id"]!);
        Assert.Equal(slot, (string)cancelled["promotedToken"]!["slotId"]!);
        Assert.Equal(1, (int)cancelled["promotedToken"]!["queuePosition"]!);
        var again = await _api.PostAsync($"/api/v1/tokens/{seated}/cancel", null, HttpStatusCode.Conflict);
        Assert.Equal("invalid_transition", (string)again!["code"]!);
    }

    [Fact]
    public async Task A_no_show_frees_its_seat_for_the_waitlist()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 1);
        var absent = (string)(await _api.AllocateAsync(doctor, slot, "Absent"))["token"]!["id"]!;
        var waiting = (string)(await _api.AllocateAsync(doctor, slot, "Waiting"))["token"]!["id"]!;

        var noShow = await _api.PostAsync($"/api/v1/tokens/{absent}/no-show", null, HttpStatusCode.OK);

        Assert.Equal("no_show", (string)noShow!["token"]!["status"]!);
        Assert.NotNull(noShow["token"]!["noShowAt"]);
        Assert.Equal(waiting, (string)noShow["promotedToken"]!["id"]!);
        Assert.Equal(1, (int)(await _api.GetAsync($"/api/v1/slots/{slot}"))!["currentCount"]!);
        Assert.Null(
            (await _api.PostAsync($"/api/v1/tokens/{waiting}/no-show", null, HttpStatusCode.OK))!["promotedToken"]
        );
    }

    [Fact]
    public async Task A_delay_moves_the_queue_tail_to_the_next_slot()
    {
        var doctor = await _api.CreateDoctorAsync();
        var s1 = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 4);
        var s2 = await _api.CreateSlotAsync(doctor, "10:00", "11:00", 4);
        var ids = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            ids.Add((string)(await _api.AllocateAsync(doctor, s1, $"Walk In {i}"))["token"]!["id"]!);
        }

        var delay = await _api.PostAsync(
            $"/api/v1/doctors/{doctor}/delay",
            new { date = ApiFactory.Today, minutes = 30 },
            HttpStatusCode.OK
        );

        Assert.Equal(30, (int)delay!["delayMinutes"]!);
        var moved = delay["movedTokens"]!.AsArray();
        Assert.Equal(ids[2..], moved.Select(t => (string)t!["id"]!).ToArray());
        Assert.All(moved, t => Assert.Equal(s2, (string)t!["slotId"]!));
        var queue = (await _api.GetAsync($"/api/v1/slots/{s1}/queue"))!.AsArray();
        Assert.Equal(
            ["2026-11-21T09:30:00+05:30", "2026-11-21T09:45:00+05:30"],
            queue.Select(t => (string)t!["estimatedStart"]!).ToArray()
        );
        var day = await _api.GetAsync($"/api/v1/analytics/doctors/{doctor}/day/{ApiFactory.Today}");
        Assert.Equal(30, (int)day!["delayMinutes"]!);
    }

    [Fact]
    public async Task Closing_a_slot_moves_its_tokens_to_later_slots_then_the_waitlist()
    {
        var doctor = await _api.CreateDoctorAsync();
        var s1 = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        var s2 = await _api.CreateSlotAsync(doctor, "10:00", "11:00", 1);
        var paid = (string)(await _api.AllocateAsync(doctor, s1, "Paid", "paid"))["token"]!["id"]!;
        var walkIn = (string)(await _api.AllocateAsync(doctor, s1, "Walk In"))["token"]!["id"]!;

        var closed = await _api.PostAsync($"/api/v1/slots/{s1}/close", null, HttpStatusCode.OK);

        Assert.False((bool)closed!["slot"]!["isActive"]!);
        var moved = closed["movedTokens"]!.AsArray();
        Assert.Equal([paid, walkIn], moved.Select(t => (string)t!["id"]!).ToArray());
        Assert.Equal(s2, (string)moved[0]!["slotId"]!);
        Assert.Equal("waitlisted", (string)moved[1]!["status"]!);
        Assert.Null(moved[1]!["slotId"]);
        Assert.Empty((await _api.GetAsync($"/api/v1/slots/{s1}/queue"))!.AsArray());
    }
}
