using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Tests.Support;
using static OpdTokens.Allocation.Tests.Support.DayFixture;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>The write-path representation of a doctor-day: every put, replace, removal, slot change, copy and
/// catch-up keeps the derived indexes and cached counters equal to a recount of the tokens.</summary>
public sealed class DayStateTests
{
    private static Token TokenOf(
        int sequence,
        TokenStatus status,
        int? slot,
        int score = 30,
        string? patientId = null,
        bool overflow = false
    ) =>
        new()
        {
            Id = new TokenId(Day, sequence),
            Number = $"DOCD1-20261121-{sequence:0000}",
            Patient = new Patient($"P{sequence}", PatientId: patientId),
            Source = overflow ? TokenSource.Emergency : TokenSource.Online,
            Status = status,
            PriorityScore = score,
            SlotId = slot is { } n ? new SlotId(Day, n) : null,
            IsOverflow = overflow,
            CreatedAt = Nine.AddHours(-1),
        };

    private static DayState DayWith(params Slot[] slots)
    {
        var day = new DayState(Day);
        foreach (var slot in slots)
        {
            day.PutSlot(slot);
        }

        return day;
    }

    [Fact]
    public void Seating_tokens_takes_seats_from_the_slot_and_the_day_and_never_counts_below_zero_free()
    {
        var day = DayWith(SlotAt(1, 9, capacity: 2), SlotAt(2, 10, capacity: 3));
        Assert.Equal(5, day.FreeSeats);

        day.Put(TokenOf(1, TokenStatus.Allocated, 1));
        Assert.Equal((1, 1, 4), (day.SlotAt(1).Occupancy, day.SlotAt(1).FreeSeats, day.FreeSeats));
        day.Put(TokenOf(2, TokenStatus.Consulting, 1));
        Assert.Equal((2, 0, 3), (day.SlotAt(1).Occupancy, day.SlotAt(1).FreeSeats, day.FreeSeats));
        day.Put(TokenOf(3, TokenStatus.Allocated, 1, score: 100, overflow: true));

        Assert.Equal(
            (3, 0, 3, 1),
            (day.SlotAt(1).Occupancy, day.SlotAt(1).FreeSeats, day.FreeSeats, day.OverflowCount)
        );
        Assert.Equal([3, 1], DayStateAssert.Sequences(day.SlotAt(1).Queue));
        Assert.Equal((3, 4), (day.TokenCount, day.NextSequence));
        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void A_token_moving_to_another_slot_frees_its_old_seat_and_takes_the_new_one()
    {
        var day = DayWith(SlotAt(1, 9, capacity: 2), SlotAt(2, 10, capacity: 2));
        day.Put(TokenOf(1, TokenStatus.Allocated, 1));
        day.Put(TokenOf(2, TokenStatus.Allocated, 1));

        day.Put(TokenOf(1, TokenStatus.Allocated, 2));

        Assert.Equal((1, 1, 2), (day.SlotAt(1).Occupancy, day.SlotAt(2).Occupancy, day.FreeSeats));
        Assert.Equal([2], DayStateAssert.Sequences(day.SlotAt(1).Queue));
        Assert.Equal([1], DayStateAssert.Sequences(day.SlotAt(2).Queue));
        DayStateAssert.MatchesRecount(day);
    }

    [Theory]
    [InlineData(TokenStatus.Allocated, TokenStatus.CheckedIn)]
    [InlineData(TokenStatus.CheckedIn, TokenStatus.Consulting)]
    [InlineData(TokenStatus.Consulting, TokenStatus.Completed)]
    [InlineData(TokenStatus.Allocated, TokenStatus.Cancelled)]
    [InlineData(TokenStatus.CheckedIn, TokenStatus.NoShow)]
    [InlineData(TokenStatus.Allocated, TokenStatus.Waitlisted)]
    [InlineData(TokenStatus.Waitlisted, TokenStatus.Cancelled)]
    public void A_status_change_and_its_undo_keep_seats_queues_waitlist_and_patients_in_step(
        TokenStatus from,
        TokenStatus to
    )
    {
        var day = DayWith(SlotAt(1, 9, capacity: 2));
        day.Put(TokenOf(1, TokenStatus.Allocated, 1, score: 50));
        int? SlotOf(TokenStatus status) => status == TokenStatus.Waitlisted ? null : 1;
        var before = TokenOf(2, from, SlotOf(from), patientId: "MRN-2");
        day.Put(before);
        DayStateAssert.MatchesRecount(day);
        var frozen = day.Copy();

        day.Put(TokenOf(2, to, SlotOf(to), patientId: "MRN-2"));

        DayStateAssert.MatchesRecount(day);
        Assert.Equal(to.IsActive() ? 2 : null, day.FindActiveToken("MRN-2")?.Sequence);
        Assert.Equal(to.HoldsSeat() ? 0 : 1, day.FreeSeats);

        day.Put(before);

        DayStateAssert.SameState(frozen, day);
    }

    [Fact]
    public void Overflow_count_follows_tokens_placed_replaced_and_removed_as_overflow()
    {
        var day = DayWith(SlotAt(1, 9, capacity: 1));
        day.Put(TokenOf(1, TokenStatus.Allocated, 1));
        day.Put(TokenOf(2, TokenStatus.Allocated, 1, score: 100, overflow: true));
        Assert.Equal(1, day.OverflowCount);

        day.Put(TokenOf(2, TokenStatus.CheckedIn, 1, score: 100, overflow: true));
        Assert.Equal(1, day.OverflowCount);
        day.Put(TokenOf(2, TokenStatus.CheckedIn, 1, score: 100));
        Assert.Equal(0, day.OverflowCount);
        day.Put(TokenOf(2, TokenStatus.CheckedIn, 1, score: 100, overflow: true));
        Assert.Equal(1, day.OverflowCount);
        day.Put(TokenOf(3, TokenStatus.Allocated, 1, score: 100, overflow: true));
        Assert.Equal(2, day.OverflowCount);
        DayStateAssert.MatchesRecount(day);

        day.Remove(2);
        Assert.Equal(1, day.OverflowCount);
        day.Remove(1);
        Assert.Equal(1, day.OverflowCount);
        DayStateAssert.MatchesRecount(day);
    }

    [Theory]
    [InlineData(TokenStatus.Allocated, false)]
    [InlineData(TokenStatus.CheckedIn, true)]
    [InlineData(TokenStatus.Consulting, false)]
    [InlineData(TokenStatus.Completed, false)]
    [InlineData(TokenStatus.Cancelled, false)]
    [InlineData(TokenStatus.Waitlisted, false)]
    public void Removing_a_token_gives_back_its_seat_queue_place_waitlist_place_and_patient_id(
        TokenStatus status,
        bool overflow
    )
    {
        var day = DayWith(SlotAt(1, 9, capacity: 2), SlotAt(2, 10, capacity: 1));
        day.Put(TokenOf(1, TokenStatus.Allocated, 1));
        day.Put(TokenOf(2, TokenStatus.Waitlisted, null, score: 10));
        var frozen = day.Copy();
        day.Put(TokenOf(3, status, status == TokenStatus.Waitlisted ? null : 2, 60, "MRN-3", overflow));
        DayStateAssert.MatchesRecount(day);

        day.Remove(3);
        day.ResetNextSequence(3);

        Assert.Null(day.Find(3));
        Assert.Null(day.FindActiveToken("MRN-3"));
        Assert.Equal((2, 2, 0), (day.TokenCount, day.FreeSeats, day.OverflowCount));
        DayStateAssert.SameState(frozen, day);
        // The retried command gives the sequence to another patient: the removed token's id must not find it.
        day.Put(TokenOf(3, TokenStatus.Allocated, 2, patientId: "MRN-9"));
        Assert.Null(day.FindActiveToken("MRN-3"));
    }

    [Fact]
    public void Removing_a_sequence_that_has_no_token_changes_nothing()
    {
        var day = DayWith(SlotAt(1, 9));
        day.Put(TokenOf(2, TokenStatus.Allocated, 1));
        var frozen = day.Copy();

        day.Remove(1);

        DayStateAssert.SameState(frozen, day);
    }

    [Fact]
    public void A_patient_id_handed_to_another_token_stays_with_it_when_the_first_token_stops_being_active()
    {
        var day = DayWith(SlotAt(1, 9));
        day.Put(TokenOf(1, TokenStatus.Allocated, 1, patientId: "MRN-7"));
        // Undoing a cancel and a re-booking may put the id on the newer token before the older one leaves.
        day.Put(TokenOf(2, TokenStatus.Allocated, 1, patientId: "MRN-7"));

        day.Put(TokenOf(1, TokenStatus.Cancelled, 1, patientId: "MRN-7"));
        Assert.Equal(2, day.FindActiveToken("MRN-7")?.Sequence);
        day.Remove(1);
        Assert.Equal(2, day.FindActiveToken("MRN-7")?.Sequence);
    }

    [Fact]
    public void A_token_whose_patient_id_changes_is_indexed_under_the_new_id_only()
    {
        var day = DayWith(SlotAt(1, 9));
        day.Put(TokenOf(1, TokenStatus.Allocated, 1, patientId: "MRN-1"));

        day.Put(TokenOf(1, TokenStatus.CheckedIn, 1, patientId: "MRN-9"));

        Assert.Null(day.FindActiveToken("MRN-1"));
        Assert.Equal(1, day.FindActiveToken("MRN-9")?.Sequence);
        day.Put(TokenOf(1, TokenStatus.CheckedIn, 1));
        Assert.Null(day.FindActiveToken("MRN-9"));
        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void Slots_added_in_any_start_order_are_kept_by_start_past_the_initial_capacity()
    {
        var day = new DayState(Day, tokenCapacity: 0, slotCapacity: 0);
        int[] hours = [13, 9, 17, 11, 8, 15, 10, 16, 12, 14];
        for (var i = 0; i < hours.Length; i++)
        {
            day.PutSlot(SlotAt(i + 1, hours[i], capacity: i + 1));
        }

        Assert.Equal(10, day.SlotCount);
        Assert.Equal(
            hours.Order().ToArray(),
            day.SlotsByStart.Take(day.SlotCount).Select(s => s.StartsAt.Hour).ToArray()
        );
        Assert.Equal(55, day.FreeSeats);
        for (var i = 1; i <= hours.Length; i++)
        {
            Assert.Equal(hours[i - 1], day.FindSlot(new SlotId(Day, i))!.Slot.StartsAt.Hour);
        }

        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void Slots_that_share_a_start_in_stored_data_are_kept_in_number_order()
    {
        var day = DayWith(SlotAt(1, 9), SlotAt(2, 9), SlotAt(3, 8), SlotAt(4, 9));

        Assert.Equal([3, 1, 2, 4], day.SlotsByStart.Take(day.SlotCount).Select(s => s.Id.Number).ToArray());
        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void Resizing_or_closing_a_slot_changes_the_free_seats_by_the_difference_and_keeps_its_tokens()
    {
        // Slot 1 starts after slot 2, so its place by start is not its number.
        var day = DayWith(SlotAt(1, 10, capacity: 3), SlotAt(2, 9, capacity: 2));
        day.Put(TokenOf(1, TokenStatus.Allocated, 1));
        Assert.Equal(4, day.FreeSeats);

        day.PutSlot(SlotAt(1, 10, capacity: 5));
        Assert.Equal((4, 6), (day.SlotAt(1).FreeSeats, day.FreeSeats));
        day.PutSlot(SlotAt(1, 10, capacity: 1));
        Assert.Equal((0, 2), (day.SlotAt(1).FreeSeats, day.FreeSeats));
        day.PutSlot(SlotAt(2, 9, capacity: 2, active: false));
        Assert.Equal((0, 0), (day.SlotAt(2).FreeSeats, day.FreeSeats));
        day.PutSlot(SlotAt(1, 10, capacity: 4));

        Assert.Equal(3, day.FreeSeats);
        Assert.Same(day.SlotAt(1).Slot, day.SlotsByStart[1]);
        Assert.Same(day.SlotAt(2).Slot, day.SlotsByStart[0]);
        Assert.Equal([1], DayStateAssert.Sequences(day.SlotAt(1).Queue));
        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void Removing_the_last_added_slot_takes_back_its_free_seats_and_its_place_by_start()
    {
        var day = DayWith(SlotAt(1, 10, capacity: 2), SlotAt(2, 11, capacity: 3));
        day.Put(TokenOf(1, TokenStatus.Allocated, 2));
        var frozen = day.Copy();
        day.PutSlot(SlotAt(3, 9, capacity: 4));
        Assert.Equal(8, day.FreeSeats);

        day.RemoveLastSlot();

        Assert.Null(day.FindSlot(new SlotId(Day, 3)));
        // Nothing keeps the removed slot's state (and its queue) alive.
        Assert.Null((object?)day.SlotAt(3));
        Assert.Equal([1, 2], day.SlotsByStart.Take(day.SlotCount).Select(s => s.Id.Number).ToArray());
        DayStateAssert.SameState(frozen, day);
        day.PutSlot(SlotAt(3, 12, capacity: 1));
        Assert.Equal(5, day.FreeSeats);
        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void Removing_a_last_added_slot_from_the_middle_of_the_start_order_closes_the_gap_in_full_arrays()
    {
        var day = new DayState(Day, tokenCapacity: 0, slotCapacity: 3);
        day.PutSlot(SlotAt(1, 9));
        day.PutSlot(SlotAt(2, 11));
        day.PutSlot(SlotAt(3, 10));
        Assert.Equal([1, 3, 2], day.SlotsByStart.Select(s => s.Id.Number).ToArray());

        day.RemoveLastSlot();

        Assert.Equal([1, 2], day.SlotsByStart.Take(day.SlotCount).Select(s => s.Id.Number).ToArray());
        Assert.Equal(6, day.FreeSeats);
        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void Lookups_find_only_sequences_and_slot_numbers_of_the_day()
    {
        var day = DayWith(SlotAt(1, 9), SlotAt(2, 10));
        day.Put(TokenOf(1, TokenStatus.Allocated, 1));
        day.Put(TokenOf(2, TokenStatus.Allocated, 2));
        var other = Day with { Date = Day.Date.AddDays(1) };

        Assert.Equal(2, day.Find(2)!.Sequence);
        Assert.Null(day.Find(0));
        Assert.Null(day.Find(-1));
        Assert.Null(day.Find(3));
        Assert.Null(day.Copy().Find(3));
        Assert.Equal(1, day.Find(new TokenId(Day, 1))!.Sequence);
        Assert.Null(day.Find(new TokenId(other, 1)));
        Assert.Equal(2, day.FindSlot(new SlotId(Day, 2))!.Slot.Id.Number);
        Assert.Null(day.FindSlot(new SlotId(Day, 3)));
        Assert.Null(day.FindSlot(new SlotId(other, 1)));
        Assert.Null(day.FindSlot(default));
    }

    [Fact]
    public void The_token_array_holds_any_sequence_and_doubles_only_when_full()
    {
        var day = DayWith(SlotAt(1, 9, capacity: 1000));
        for (var sequence = 1; sequence <= 16; sequence++)
        {
            day.Put(TokenOf(sequence, TokenStatus.Allocated, 1));
        }

        Assert.Equal(16, day.TokenArray.Length);
        day.Put(TokenOf(17, TokenStatus.Allocated, 1));
        Assert.Equal(32, day.TokenArray.Length);
        day.Put(TokenOf(90, TokenStatus.Allocated, 1));
        Assert.Equal(90, day.TokenArray.Length);

        var empty = new DayState(Day, tokenCapacity: 0);
        empty.Put(TokenOf(1, TokenStatus.Waitlisted, null));
        Assert.Equal(1, empty.Find(1)!.Sequence);
        Assert.Equal((18, 91), (day.TokenCount, day.NextSequence));
        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void A_copy_keeps_every_counter_is_trimmed_and_shares_nothing_that_changes()
    {
        var day = RichDay();
        var copy = day.Copy();

        DayStateAssert.SameState(day, copy);
        Assert.Equal((copy.NextSequence - 1, copy.SlotCount), (copy.TokenArray.Length, copy.SlotsByStart.Length));
        var reference = day.Copy();
        copy.Put(TokenOf(1, TokenStatus.Cancelled, 1, patientId: "MRN-1"));
        copy.Put(TokenOf(7, TokenStatus.Waitlisted, null, score: 99));
        copy.PutSlot(SlotAt(2, 10, capacity: 9));
        copy.PutSlot(SlotAt(4, 13));
        copy.PutRecord(new IdempotencyRecord("k2", "F", new TokenId(Day, 7), AllocationOutcome.Waitlisted));
        copy.RemoveRecord("k1");
        DayStateAssert.MatchesRecount(copy);

        DayStateAssert.SameState(reference, day);
    }

    [Fact]
    public void Catching_up_undoes_every_kind_of_uncommitted_change_and_replays_it_forwards()
    {
        var front = RichDay();
        var back = front.Copy();
        var changes = new ChangeSet();
        void Put(Token token)
        {
            back.Put(token);
            changes.Token(token.Sequence);
        }

        void PutSlot(Slot slot)
        {
            back.PutSlot(slot);
            changes.Slot(slot.Id.Number);
        }

        PutSlot(SlotAt(4, 13, capacity: 2));
        PutSlot(SlotAt(2, 10, capacity: 1));
        Put(TokenOf(3, TokenStatus.Allocated, 4, patientId: "MRN-3"));
        Put(TokenOf(1, TokenStatus.Cancelled, 1, patientId: "MRN-1"));
        Put(TokenOf(5, TokenStatus.Allocated, 1, score: 40, patientId: "MRN-5"));
        Put(TokenOf(7, TokenStatus.Allocated, 2, score: 100, patientId: "MRN-1", overflow: true));
        Put(TokenOf(8, TokenStatus.Waitlisted, null, score: 5));
        back.PutRecord(new IdempotencyRecord("k2", "F", new TokenId(Day, 7), AllocationOutcome.Overflow));
        changes.Record("k2");
        back.RemoveRecord("k1");
        changes.Record("k1");
        back.Delay = TimeSpan.FromMinutes(15);
        changes.HeaderChanged();
        back.Version++;
        DayStateAssert.MatchesRecount(back);
        var changed = back.Copy();
        var forward = front.Copy();

        back.CatchUp(front, changes);
        forward.CatchUp(changed, changes);

        DayStateAssert.SameState(front, back);
        DayStateAssert.SameState(changed, forward);
    }

    [Fact]
    public void Catching_up_on_a_sequence_neither_copy_has_changes_nothing()
    {
        var front = RichDay();
        var back = front.Copy();
        var changes = new ChangeSet();
        changes.Token(front.NextSequence);
        changes.Token(front.NextSequence + 5);

        back.CatchUp(front, changes);

        DayStateAssert.SameState(front, back);
    }

    [Fact]
    public void Idempotency_records_are_found_by_their_exact_key_replaced_and_removed()
    {
        var day = DayWith(SlotAt(1, 9));
        Assert.Equal(0, day.RecordCount);
        Assert.Empty(day.Records);
        Assert.Null(day.FindRecord("k"));
        day.RemoveRecord("k");

        day.PutRecord(new IdempotencyRecord("k", "F1", new TokenId(Day, 1), AllocationOutcome.Allocated));
        day.PutRecord(new IdempotencyRecord("k", "F2", new TokenId(Day, 1), AllocationOutcome.Allocated));
        day.PutRecord(new IdempotencyRecord("K", "F3", new TokenId(Day, 2), AllocationOutcome.Allocated));

        Assert.Equal(2, day.RecordCount);
        Assert.Equal("F2", day.FindRecord("k")!.RequestFingerprint);
        Assert.Equal("F3", day.FindRecord("K")!.RequestFingerprint);
        day.RemoveRecord("k");
        Assert.Null(day.FindRecord("k"));
        Assert.Equal(["K"], day.Records.Select(r => r.Key).ToArray());
    }

    /// <summary>Three slots and six tokens of every kind, an idempotency record, a delay and a version.</summary>
    private static DayState RichDay()
    {
        var day = DayWith(SlotAt(1, 9, capacity: 2), SlotAt(2, 10, capacity: 3), SlotAt(3, 8, capacity: 2));
        day.Put(TokenOf(1, TokenStatus.Allocated, 1, patientId: "MRN-1"));
        day.Put(TokenOf(2, TokenStatus.Consulting, 1));
        day.Put(TokenOf(3, TokenStatus.Waitlisted, null, score: 20, patientId: "MRN-3"));
        day.Put(TokenOf(4, TokenStatus.CheckedIn, 2, score: 60));
        day.Put(TokenOf(5, TokenStatus.Waitlisted, null, score: 40, patientId: "MRN-5"));
        day.Put(TokenOf(6, TokenStatus.Allocated, 3, score: 100, overflow: true));
        day.PutRecord(new IdempotencyRecord("k1", "F", new TokenId(Day, 6), AllocationOutcome.Overflow));
        day.Delay = TimeSpan.FromMinutes(5);
        day.Version = 9;
        DayStateAssert.MatchesRecount(day);
        return day;
    }
}
