using System.Text.Json;
using OpdTokens.Allocation.Serialization;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Tests.Serialization;

/// <summary>A whole doctor-day serialises to one JSON document and reads back as the same day; a document the day
/// would not accept is refused.</summary>
public sealed class DoctorDayJsonConverterTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    private static readonly DateTimeOffset Nine = new(2026, 11, 21, 9, 0, 0, TimeSpan.FromHours(5.5));

    private static readonly JsonSerializerOptions Options = new() { Converters = { new DoctorDayJsonConverter() } };

    private static Slot SlotAt(int number, int hour, int capacity) =>
        new(new SlotId(Day, number), Nine.AddHours(hour - 9), Nine.AddHours(hour - 8), capacity);

    private static Token TokenOf(int sequence, TokenStatus status, int? slot, string? patientId = null) =>
        new()
        {
            Id = new TokenId(Day, sequence),
            Number = $"DOCD1-20261121-{sequence:0000}",
            Patient = new Patient($"P{sequence}", PatientId: patientId),
            Source = TokenSource.Online,
            Status = status,
            PriorityScore = 30,
            SlotId = slot is { } n ? new SlotId(Day, n) : null,
            CreatedAt = Nine.AddHours(-1),
            AllocatedAt = slot is null ? null : Nine.AddHours(-1),
        };

    private static DoctorDay SmallDay() =>
        DoctorDay.Create(
            Day,
            5,
            TimeSpan.FromMinutes(45),
            [SlotAt(2, 10, 1), SlotAt(1, 9, 1)],
            [
                TokenOf(3, TokenStatus.Waitlisted, null),
                TokenOf(1, TokenStatus.Allocated, 1, "MRN-1"),
                TokenOf(2, TokenStatus.Cancelled, null),
            ],
            [
                new IdempotencyRecord("b-key", "F2", new TokenId(Day, 3), AllocationOutcome.Waitlisted),
                new IdempotencyRecord("a-key", "F1", new TokenId(Day, 1), AllocationOutcome.Allocated),
            ]
        );

    [Fact]
    public void A_day_is_one_document_with_tokens_in_sequence_order_and_records_by_key()
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(SmallDay(), Options));
        var root = document.RootElement;

        Assert.Equal(
            ["key", "version", "delay", "slots", "tokens", "idempotencyRecords"],
            root.EnumerateObject().Select(p => p.Name)
        );
        Assert.Equal("D1/2026-11-21", root.GetProperty("key").GetString());
        Assert.Equal(5, root.GetProperty("version").GetInt64());
        Assert.Equal("00:45:00", root.GetProperty("delay").GetString());
        Assert.Equal(
            ["S-D1-20261121-1", "S-D1-20261121-2"],
            root.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetString())
        );
        Assert.Equal(
            ["T-D1-20261121-1", "T-D1-20261121-2", "T-D1-20261121-3"],
            root.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("id").GetString())
        );
        Assert.Equal(
            ["a-key", "b-key"],
            root.GetProperty("idempotencyRecords").EnumerateArray().Select(r => r.GetProperty("key").GetString())
        );
    }

    [Fact]
    public void A_day_reads_back_as_the_same_day_with_its_queues_waitlist_and_indexes()
    {
        var day = SmallDay();

        var read = JsonSerializer.Deserialize<DoctorDay>(JsonSerializer.Serialize(day, Options), Options)!;

        DoctorDayAssert.Equivalent(day, read);
        Assert.Equal(new TokenId(Day, 1), read.FindActiveToken("MRN-1")?.Id);
        Assert.Equal(4, read.NextSequence);
    }

    [Fact]
    public void An_empty_day_round_trips_and_missing_collections_and_delay_read_as_empty()
    {
        var empty = DoctorDay.Empty(Day);

        var read = JsonSerializer.Deserialize<DoctorDay>(JsonSerializer.Serialize(empty, Options), Options)!;
        var sparse = JsonSerializer.Deserialize<DoctorDay>("""{"version":0,"key":"D1/2026-11-21"}""", Options)!;

        DoctorDayAssert.Equivalent(empty, read);
        DoctorDayAssert.Equivalent(empty, sparse);
    }

    public static TheoryData<string, string> Refused =>
        new()
        {
            { "no key", """{"version":1}""" },
            { "no version", """{"key":"D1/2026-11-21"}""" },
            { "negative version", """{"key":"D1/2026-11-21","version":-1}""" },
            { "unknown property", """{"key":"D1/2026-11-21","version":1,"doctor":"D1"}""" },
            { "bad delay", """{"key":"D1/2026-11-21","version":1,"delay":"45 minutes"}""" },
            { "slots not an array", """{"key":"D1/2026-11-21","version":1,"slots":{}}""" },
            {
                "slot of another day",
                """{"key":"D1/2026-11-21","version":1,"slots":[{"id":"S-D1-20261122-1","startsAt":"2026-11-22T09:00:00.0000000+05:30","endsAt":"2026-11-22T10:00:00.0000000+05:30","maxCapacity":1}]}"""
            },
            {
                "record of an unknown token",
                """{"key":"D1/2026-11-21","version":1,"idempotencyRecords":[{"key":"k","requestFingerprint":"F","tokenId":"T-D1-20261121-9","outcome":"Allocated"}]}"""
            },
        };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_document_the_day_would_not_accept_is_refused_with_a_json_exception(string why, string json)
    {
        var refused = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DoctorDay>(json, Options));

        Assert.False(string.IsNullOrEmpty(refused.Message), why);
    }
}
