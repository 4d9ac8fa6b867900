using static OpdTokens.Allocation.Tests.Support.DayFixture;

namespace OpdTokens.Allocation.Tests.Models;

/// <summary>Rebuilding a doctor-day from stored parts, and its queries.</summary>
public sealed class DoctorDayTests
{
    private static Token TokenOf(
        int sequence,
        TokenStatus status,
        int? slot,
        TokenSource source = TokenSource.Online,
        int score = 30,
        string? patientId = null
    ) =>
        new()
        {
            Id = new TokenId(Day, sequence),
            Number = $"DOCD1-20261121-{sequence:0000}",
            Patient = new Patient($"P{sequence}", PatientId: patientId),
            Source = source,
            Status = status,
            PriorityScore = score,
            SlotId = slot is { } n ? new SlotId(Day, n) : null,
            CreatedAt = Nine.AddHours(-1),
            AllocatedAt = slot is null ? null : Nine.AddHours(-1),
        };

    [Fact]
    public void Create_rebuilds_queues_occupancy_waitlist_and_patient_index_from_stored_parts()
    {
        var day = DoctorDay.Create(
            Day,
            7,
            TimeSpan.FromMinutes(20),
            [SlotAt(2, 10), SlotAt(1, 9)],
            [
                TokenOf(3, TokenStatus.Allocated, 1, TokenSource.Paid, 100),
                TokenOf(1, TokenStatus.Consulting, 1),
                TokenOf(2, TokenStatus.CheckedIn, 1),
                TokenOf(5, TokenStatus.Waitlisted, null, patientId: "MRN-5"),
                TokenOf(4, TokenStatus.Cancelled, 2, patientId: "MRN-5"),
                TokenOf(6, TokenStatus.Waitlisted, null, TokenSource.Paid, 100),
            ],
            [new IdempotencyRecord("k1", "F", new TokenId(Day, 3), AllocationOutcome.Allocated)]
        );

        Assert.Equal((7L, TimeSpan.FromMinutes(20), 7), (day.Version, day.Delay, day.NextSequence));
        Assert.Equal([1, 2], day.Slots.Select(s => s.Id.Number).ToArray());
        Assert.Equal([3, 2], day.GetQueue(new SlotId(Day, 1)).Select(t => t.Sequence).ToArray());
        Assert.Equal(
            (3, 0, 0),
            (
                day.GetOccupancy(new SlotId(Day, 1)),
                day.GetFreeSeats(new SlotId(Day, 1)),
                day.GetOccupancy(new SlotId(Day, 2))
            )
        );
        Assert.Equal([6, 5], day.Waitlist.Select(t => t.Sequence).ToArray());
        Assert.Equal(5, day.FindActiveToken("MRN-5")!.Sequence);
        Assert.Null(day.FindActiveToken("MRN-4"));
        Assert.Equal(3, day.IdempotencyRecords["k1"].TokenId.Sequence);
        var queued = day.GetQueueEntries(new SlotId(Day, 1));
        Assert.Equal([Nine.AddMinutes(20), Nine.AddMinutes(40)], queued.Select(e => e.EstimatedStart).ToArray());
        Assert.Equal(2, day.GetQueuePosition(day.FindToken(new TokenId(Day, 2))!));
        Assert.Null(day.GetQueuePosition(day.FindToken(new TokenId(Day, 5))!));
        Assert.Null(day.GetEstimatedStart(day.FindToken(new TokenId(Day, 1))!));
    }

    [Fact]
    public void Queries_for_ids_of_another_day_or_unknown_numbers_find_nothing()
    {
        var day = DoctorDay.Create(Day, 1, TimeSpan.Zero, [SlotAt(1, 9)], [TokenOf(1, TokenStatus.Allocated, 1)]);
        var otherDay = Day with { Date = Day.Date.AddDays(1) };

        Assert.Null(day.FindSlot(new SlotId(otherDay, 1)));
        Assert.Null(day.FindSlot(new SlotId(Day, 2)));
        Assert.Empty(day.GetQueue(new SlotId(otherDay, 1)));
        Assert.Empty(day.GetQueueEntries(new SlotId(Day, 9)));
        Assert.Equal((0, 0), (day.GetOccupancy(new SlotId(Day, 9)), day.GetFreeSeats(new SlotId(Day, 9))));
        Assert.Null(day.FindToken(new TokenId(otherDay, 1)));
        Assert.Null(day.FindToken(new TokenId(Day, 2)));
    }

    [Fact]
    public void Closed_slot_has_no_free_seats()
    {
        var day = DoctorDay.Create(Day, 1, TimeSpan.Zero, [SlotAt(1, 9, 3, active: false)], []);

        Assert.Equal(0, day.GetFreeSeats(new SlotId(Day, 1)));
    }

    [Fact]
    public void Empty_day_has_version_0_and_starts_sequences_at_1()
    {
        var day = DoctorDay.Empty(Day);

        Assert.Equal((0L, 1, 0, 0), (day.Version, day.NextSequence, day.Slots.Length, day.Tokens.Count));
        Assert.Empty(day.Waitlist);
    }

    public static TheoryData<string, string, Func<DoctorDay>> Inconsistent =>
        new()
        {
            {
                "slot of another day",
                "S-D1-20261122-1",
                () =>
                    DoctorDay.Create(
                        Day,
                        1,
                        TimeSpan.Zero,
                        [new Slot(new SlotId(Day with { Date = Day.Date.AddDays(1) }, 1), Nine, Nine.AddHours(1), 2)],
                        []
                    )
            },
            {
                "slot numbers with a gap",
                "D1/2026-11-21",
                () => DoctorDay.Create(Day, 1, TimeSpan.Zero, [SlotAt(2, 9)], [])
            },
            {
                "repeated slot number",
                "D1/2026-11-21",
                () => DoctorDay.Create(Day, 1, TimeSpan.Zero, [SlotAt(1, 9), SlotAt(1, 10)], [])
            },
            {
                "repeated sequence",
                "D1/2026-11-21",
                () =>
                    DoctorDay.Create(
                        Day,
                        1,
                        TimeSpan.Zero,
                        [SlotAt(1, 9)],
                        [TokenOf(1, TokenStatus.Allocated, 1), TokenOf(1, TokenStatus.Waitlisted, null)]
                    )
            },
            {
                "token of another day",
                "T-D2-20261121-1",
                () =>
                    DoctorDay.Create(
                        Day,
                        1,
                        TimeSpan.Zero,
                        [],
                        [
                            TokenOf(1, TokenStatus.Waitlisted, null) with
                            {
                                Id = new TokenId(Day with { Doctor = new DoctorId("D2") }, 1),
                            },
                        ]
                    )
            },
            {
                "seat-holder without a slot",
                "T-D1-20261121-1",
                () => DoctorDay.Create(Day, 1, TimeSpan.Zero, [], [TokenOf(1, TokenStatus.Allocated, null)])
            },
            {
                "seat-holder in an unknown slot",
                "T-D1-20261121-1",
                () => DoctorDay.Create(Day, 1, TimeSpan.Zero, [SlotAt(1, 9)], [TokenOf(1, TokenStatus.CheckedIn, 2)])
            },
            {
                "waitlisted with a slot",
                "T-D1-20261121-1",
                () => DoctorDay.Create(Day, 1, TimeSpan.Zero, [SlotAt(1, 9)], [TokenOf(1, TokenStatus.Waitlisted, 1)])
            },
            {
                "two active tokens of one patient",
                "D1/2026-11-21",
                () =>
                    DoctorDay.Create(
                        Day,
                        1,
                        TimeSpan.Zero,
                        [SlotAt(1, 9)],
                        [
                            TokenOf(1, TokenStatus.Allocated, 1, patientId: "M"),
                            TokenOf(2, TokenStatus.Waitlisted, null, patientId: "M"),
                        ]
                    )
            },
            {
                "key of an unknown token",
                "D1/2026-11-21",
                () =>
                    DoctorDay.Create(
                        Day,
                        1,
                        TimeSpan.Zero,
                        [],
                        [],
                        [new IdempotencyRecord("k", "F", new TokenId(Day, 1), AllocationOutcome.Allocated)]
                    )
            },
        };

    [Theory]
    [MemberData(nameof(Inconsistent), DisableDiscoveryEnumeration = true)]
    public void Create_refuses_inconsistent_stored_data_naming_what_is_wrong(
        string what,
        string named,
        Func<DoctorDay> create
    )
    {
        Assert.False(string.IsNullOrEmpty(what));
        var failure = Assert.ThrowsAny<ArgumentException>(create);
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_lists_slots_by_start_then_number_whatever_the_stored_order()
    {
        var day = DoctorDay.Create(Day, 1, TimeSpan.Zero, [SlotAt(3, 9), SlotAt(2, 10), SlotAt(1, 9)], []);

        Assert.Equal([1, 3, 2], day.Slots.Select(s => s.Id.Number).ToArray());
    }

    [Fact]
    public void Position_of_a_token_copy_that_has_since_left_the_queue_is_unknown()
    {
        var stale = TokenOf(1, TokenStatus.Allocated, 1);
        var day = DoctorDay.Create(
            Day,
            2,
            TimeSpan.Zero,
            [SlotAt(1, 9)],
            [stale with { Status = TokenStatus.Cancelled }, TokenOf(2, TokenStatus.Allocated, 1)]
        );

        Assert.Null(day.GetQueuePosition(stale));
        Assert.Null(day.GetEstimatedStart(stale));
        Assert.Equal(1, day.GetQueuePosition(day.FindToken(new TokenId(Day, 2))!));
    }

    [Fact]
    public void Queries_refuse_null_arguments_naming_them()
    {
        var day = DoctorDay.Empty(Day);

        Assert.Equal("patientId", Assert.Throws<ArgumentNullException>(() => day.FindActiveToken(null!)).ParamName);
        Assert.Equal("token", Assert.Throws<ArgumentNullException>(() => day.GetQueuePosition(null!)).ParamName);
    }

    [Fact]
    public void Create_refuses_null_collections_and_negative_versions()
    {
        Assert.Throws<ArgumentNullException>(() => DoctorDay.Create(Day, 0, TimeSpan.Zero, null!, []));
        Assert.Throws<ArgumentNullException>(() => DoctorDay.Create(Day, 0, TimeSpan.Zero, [], null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => DoctorDay.Create(Day, -1, TimeSpan.Zero, [], []));
    }
}
