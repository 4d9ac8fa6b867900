using System.Text.Json;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation.Tests.Notifications;

public sealed class AllocationEventIdTests
{
    private static readonly PartitionKey Day = new(new DoctorId("DR-7"), new DateOnly(2026, 11, 21));

    [Fact]
    public void An_event_id_formats_and_parses_as_E_doctor_date_version_sequence()
    {
        var id = new AllocationEventId(Day, 1_234_567_890_123, 3);

        Assert.Equal("E-DR-7-20261121-1234567890123-3", id.ToString());
        Assert.Equal(id, AllocationEventId.Parse(id.ToString()));
        Assert.Equal("\"E-DR-7-20261121-1234567890123-3\"", JsonSerializer.Serialize(id));
        Assert.Equal(id, JsonSerializer.Deserialize<AllocationEventId>("\"E-DR-7-20261121-1234567890123-3\""));
    }

    [Theory]
    [InlineData("E-D1-20261121-0-1")]
    [InlineData("E-D1-20261121-1-0")]
    [InlineData("E-D1-20261321-1-1")]
    [InlineData("T-D1-20261121-1-1")]
    [InlineData("E-D1-20261121-1")]
    [InlineData("E--20261121-1-1")]
    [InlineData("E-D1-20261121-1-99999999999")]
    public void Text_that_is_no_event_id_does_not_parse(string text)
    {
        Assert.False(AllocationEventId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => AllocationEventId.Parse(text));
    }

    [Fact]
    public void Ids_order_a_doctor_days_events_by_version_then_sequence()
    {
        var ids = new[]
        {
            new AllocationEventId(Day, 2, 1),
            new AllocationEventId(Day, 1, 2),
            new AllocationEventId(Day, 10, 1),
            new AllocationEventId(Day, 1, 1),
        };

        Assert.Equal(new[] { "1-1", "1-2", "2-1", "10-1" }, ids.Order().Select(i => $"{i.Version}-{i.Sequence}"));
    }

    [Fact]
    public void Every_event_kind_round_trips_through_its_json_form()
    {
        var stamp = new EventStamp(Day, 4, new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.FromHours(5.5)), "desk")
        {
            Sequence = 2,
        };
        var token = new TokenId(Day, 3);
        var slot = new SlotId(Day, 1);
        var later = new SlotId(Day, 2);
        AllocationEvent[] events =
        [
            new TokenAllocated(stamp, token, slot, TokenSource.FollowUp, AllocationOutcome.BumpedOther),
            new TokenWaitlisted(stamp, token, TokenSource.WalkIn),
            new TokenBumped(stamp, token, slot, null, new TokenId(Day, 4)),
            new TokenPromoted(stamp, token, later),
            new TokenReallocated(stamp, token, slot, later, MoveReason.DoctorDelayed),
            new TokenStatusChanged(stamp, token, TokenStatus.CheckedIn, TokenStatus.Consulting),
            new TokenCancelled(stamp, token, TokenStatus.Waitlisted, null),
            new TokenMarkedNoShow(stamp, token, slot),
            new EmergencyOverflowed(stamp, token, slot, 5, 4),
            new SlotAdded(stamp, slot, 4),
            new SlotClosed(stamp, slot, 2),
            new SlotResized(stamp, slot, 4, 6),
            new DelayReported(stamp, TimeSpan.FromMinutes(25), 1),
        ];

        foreach (var e in events)
        {
            var json = JsonSerializer.Serialize(e, AllocationEventJsonConverter.Options);
            Assert.Contains("\"id\":\"E-DR-7-20261121-4-2\"", json, StringComparison.Ordinal);
            Assert.Contains($"\"kind\":\"{EventKinds.Of(e)}\"", json, StringComparison.Ordinal);
            Assert.Equal(e, JsonSerializer.Deserialize<AllocationEvent>(json, AllocationEventJsonConverter.Options));
        }

        Assert.Equal(13, events.Select(EventKinds.Of).Distinct().Count());
    }

    [Theory]
    [InlineData(
        """{"kind":"token_exploded","doctorId":"D1","date":"2026-11-21","version":1,"occurredAt":"2026-11-21T09:00:00+00:00"}"""
    )]
    [InlineData(
        """{"kind":"token_waitlisted","doctorId":"D1","date":"2026-11-21","version":1,"occurredAt":"2026-11-21T09:00:00+00:00","tokenId":"T-D1-20261121-1","source":"vip"}"""
    )]
    [InlineData("""{"kind":"slot_added","doctorId":"D1","date":"2026-11-21","version":1}""")]
    [InlineData("[]")]
    public void Json_that_is_no_valid_event_is_refused(string json) =>
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<AllocationEvent>(json, AllocationEventJsonConverter.Options)
        );
}
