using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>What rules see of a doctor-day while they decide: slot searches, the moves that keep the day's indexes in
/// step, the events of a change and the change handed to the store.</summary>
public sealed class DayEditorTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));
    private static readonly DateTimeOffset Nine = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static Slot SlotAt(int number, int hour, int capacity = 2, bool active = true) =>
        new(new SlotId(Day, number), Nine.AddHours(hour - 9), Nine.AddHours(hour - 8), capacity, active);

    private static Token TokenOf(int sequence, TokenStatus status, int? slot, int score = 30) =>
        new()
        {
            Id = new TokenId(Day, sequence),
            Number = $"DOCD1-20261121-{sequence:0000}",
            Patient = new Patient($"P{sequence}"),
            Source = TokenSource.Online,
            Status = status,
            PriorityScore = score,
            SlotId = slot is { } n ? new SlotId(Day, n) : null,
            CreatedAt = Nine.AddHours(-2),
            AllocatedAt = slot is null ? null : Nine.AddHours(-2),
        };

    private static RuleContext At(DateTimeOffset now) =>
        new(
            now,
            TimeZoneInfo.Utc,
            new TieredPriorityPolicy(),
            new TokenNumberFormatter(),
            AllocationRules.Default,
            "desk"
        );

    /// <summary>Slots at 8 (closed), 9, 10 and 11 (by number 1 to 4, added out of start order), version 4.</summary>
    private static DayState DayWithSlots()
    {
        var day = new DayState(Day) { Version = 4 };
        day.PutSlot(SlotAt(1, 10));
        day.PutSlot(SlotAt(2, 9));
        day.PutSlot(SlotAt(3, 11));
        day.PutSlot(SlotAt(4, 8, active: false));
        return day;
    }

    [Fact]
    public void Slot_searches_go_by_start_time_and_skip_closed_ended_and_full_slots()
    {
        var day = DayWithSlots();
        day.Put(TokenOf(1, TokenStatus.Allocated, 2));
        day.Put(TokenOf(2, TokenStatus.Allocated, 2));
        var editor = new DayEditor().Begin(day, At(Nine.AddMinutes(-30)));
        var nine = day.SlotAt(2).Slot;
        var ten = day.SlotAt(1).Slot;
        var eleven = day.SlotAt(3).Slot;

        Assert.Equal([4, 2, 1, 3], editor.SlotsByStart.ToArray().Select(s => s.Id.Number).ToArray());
        Assert.Same(nine, editor.FirstOpen());
        Assert.Same(ten, editor.FirstWithRoom());
        Assert.Same(ten, editor.FirstLaterWithRoom(nine));
        Assert.Same(eleven, editor.FirstLaterWithRoom(ten));
        Assert.Null(editor.FirstLaterWithRoom(eleven));
        Assert.False(editor.HasRoom(nine));
        Assert.False(editor.IsOpen(day.SlotAt(4).Slot));

        // At 10:00 the 9:00 slot has ended and the 10:00 one has not.
        editor.Begin(day, At(Nine.AddHours(1)));
        Assert.Same(ten, editor.FirstOpen());
        Assert.True(editor.HasRoom(ten));
        editor.Begin(day, At(Nine.AddHours(3)));
        Assert.Null(editor.FirstOpen());
        Assert.Null(editor.FirstWithRoom());
    }

    [Fact]
    public void A_slot_queue_is_read_in_rank_order_and_an_empty_one_is_empty()
    {
        var day = DayWithSlots();
        day.Put(TokenOf(1, TokenStatus.Allocated, 1, score: 10));
        day.Put(TokenOf(2, TokenStatus.CheckedIn, 1, score: 50));
        var editor = new DayEditor().Begin(day, At(Nine));

        Assert.Equal([2, 1], editor.QueueOf(day.SlotAt(1).Slot).Select(t => t.Sequence).ToArray());
        // Reading an empty queue (most slots of a quiet day) allocates nothing.
        Assert.Same(Array.Empty<Token>(), editor.QueueOf(day.SlotAt(3).Slot));
        Assert.Null(editor.FirstWaitlisted);
    }

    [Fact]
    public void Filling_free_seats_promotes_the_highest_ranked_waitlisted_into_the_earliest_open_slots()
    {
        var day = DayWithSlots();
        day.Put(TokenOf(1, TokenStatus.Allocated, 2));
        day.Put(TokenOf(2, TokenStatus.Waitlisted, null, score: 10));
        day.Put(TokenOf(3, TokenStatus.Waitlisted, null, score: 90));
        day.Put(TokenOf(4, TokenStatus.Waitlisted, null, score: 50));
        day.Put(TokenOf(5, TokenStatus.Waitlisted, null, score: 5));
        var editor = new DayEditor().Begin(day, At(Nine.AddMinutes(-30)));

        var promoted = editor.FillFreeSeats();

        Assert.Equal([(3, 2), (4, 1), (2, 1), (5, 3)], promoted.Select(t => (t.Sequence, t.SlotId!.Value.Number)));
        Assert.All(promoted, t => Assert.Equal(TokenStatus.Allocated, t.Status));
        Assert.All(promoted, t => Assert.Equal(MoveReason.Promoted, t.History[^1].Reason));
        Assert.Empty(editor.FillFreeSeats());
        var change = editor.Build()!;
        Assert.Equal([1, 2, 3, 4], change.Events.Select(e => e.Stamp.Sequence));
        Assert.Equal([3, 4, 2, 5], change.Events.Cast<TokenPromoted>().Select(e => e.TokenId.Sequence));
        Assert.Equal([3, 4, 2, 5], change.Tokens.Select(t => t.Sequence));
        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void Filling_free_seats_with_nobody_waiting_or_no_room_changes_nothing()
    {
        var day = DayWithSlots();
        var editor = new DayEditor().Begin(day, At(Nine));
        Assert.Empty(editor.FillFreeSeats());
        day.Put(TokenOf(1, TokenStatus.Waitlisted, null));
        editor.Begin(day, At(Nine.AddHours(3)));

        Assert.Empty(editor.FillFreeSeats());
        Assert.False(editor.IsDirty);
        Assert.Null(editor.Build());
        Assert.Equal(4, day.Version);
    }

    [Fact]
    public void Seating_unseating_and_bumping_move_a_token_and_record_why()
    {
        var day = DayWithSlots();
        day.Put(TokenOf(1, TokenStatus.CheckedIn, 2));
        day.Put(TokenOf(2, TokenStatus.Allocated, 2) with { BumpCount = 1 });
        day.Put(TokenOf(3, TokenStatus.Waitlisted, null) with { AllocatedAt = null });
        var now = Nine.AddMinutes(-30);
        var editor = new DayEditor().Begin(day, At(now));
        var ten = day.SlotAt(1).Slot;

        var moved = editor.Seat(day.Find(1)!, ten, MoveReason.Reallocated, "desk move");
        var quiet = editor.Seat(day.Find(3)!, ten, null);
        var bumped = editor.Bump(day.Find(2)!, day.SlotAt(3).Slot);
        var waitlisted = editor.Bump(bumped, null);
        var unseated = editor.Unseat(moved, MoveReason.DoctorDelayed);

        Assert.Equal((TokenStatus.CheckedIn, Nine.AddHours(-2)), (moved.Status, moved.AllocatedAt));
        Assert.Equal(
            new TokenMove(now, new SlotId(Day, 2), ten.Id, MoveReason.Reallocated, "desk move"),
            moved.History[^1]
        );
        Assert.Equal((TokenStatus.Allocated, now, 0), (quiet.Status, quiet.AllocatedAt, quiet.History.Length));
        Assert.Equal((TokenStatus.Allocated, 2, 3), (bumped.Status, bumped.BumpCount, bumped.SlotId!.Value.Number));
        Assert.Equal((TokenStatus.Waitlisted, 3, null), (waitlisted.Status, waitlisted.BumpCount, waitlisted.SlotId));
        Assert.Equal(new TokenMove(now, new SlotId(Day, 3), null, MoveReason.Bumped), waitlisted.History[^1]);
        Assert.Equal((TokenStatus.Waitlisted, null), (unseated.Status, unseated.SlotId));
        Assert.Equal(new TokenMove(now, ten.Id, null, MoveReason.DoctorDelayed), unseated.History[^1]);
        Assert.Equal([1, 3, 2], editor.Changes.Tokens);
        DayStateAssert.MatchesRecount(day);
    }

    [Fact]
    public void A_token_history_keeps_only_the_most_recent_moves()
    {
        var token = TokenOf(1, TokenStatus.Allocated, 1);
        for (var i = 0; i < Token.HistoryLimit + 3; i++)
        {
            token = DayEditor.WithMove(token, new TokenMove(Nine.AddMinutes(i), null, null, MoveReason.Reallocated));
        }

        Assert.Equal(Token.HistoryLimit, token.History.Length);
        Assert.Equal(Nine.AddMinutes(3), token.History[0].At);
        Assert.Equal(Nine.AddMinutes(Token.HistoryLimit + 2), token.History[^1].At);
    }

    [Fact]
    public void The_change_names_what_was_touched_once_with_the_new_version_the_delay_and_the_events_in_order()
    {
        var day = DayWithSlots();
        day.Delay = TimeSpan.FromMinutes(5);
        var editor = new DayEditor().Begin(day, At(Nine.AddMinutes(-30)));
        var token = editor.Put(TokenOf(1, TokenStatus.Allocated, 1));
        editor.Emit(
            new TokenAllocated(editor.Stamp, token.Id, token.SlotId!.Value, token.Source, AllocationOutcome.Allocated)
        );
        editor.PutSlot(SlotAt(5, 12));
        editor.Put(token with { Status = TokenStatus.CheckedIn });
        editor.Emit(new TokenStatusChanged(editor.Stamp, token.Id, TokenStatus.Allocated, TokenStatus.CheckedIn));
        editor.Remember(new IdempotencyRecord("k", "F", token.Id, AllocationOutcome.Allocated));
        editor.SetDelay(TimeSpan.FromMinutes(5));
        Assert.False(editor.Changes.Header);
        editor.SetDelay(TimeSpan.FromMinutes(25));
        editor.Emit(new DelayReported(editor.Stamp, TimeSpan.FromMinutes(25), 0));

        var change = editor.Build()!;

        Assert.Equal(
            (Day, 4L, 5L, TimeSpan.FromMinutes(25)),
            (change.Partition, change.ExpectedVersion, change.NewVersion, change.Delay)
        );
        Assert.Equal(5, day.Version);
        Assert.Equal(TokenStatus.CheckedIn, Assert.Single(change.Tokens).Status);
        Assert.Equal(5, Assert.Single(change.Slots).Id.Number);
        Assert.Equal("k", Assert.Single(change.IdempotencyRecords).Key);
        Assert.Equal([1, 2, 3], change.Events.Select(e => e.Stamp.Sequence));
        Assert.All(change.Events, e => Assert.Equal((5L, "desk"), (e.Version, e.Actor)));
        Assert.IsType<DelayReported>(change.Events[^1]);
        Assert.True(editor.Changes.Header);
    }

    [Fact]
    public void Each_command_starts_clean_and_carries_only_its_own_events()
    {
        var day = DayWithSlots();
        var editor = new DayEditor().Begin(day, At(Nine.AddMinutes(-30)));
        var token = editor.Put(TokenOf(1, TokenStatus.Allocated, 1));
        editor.Emit(
            new TokenAllocated(editor.Stamp, token.Id, token.SlotId!.Value, token.Source, AllocationOutcome.Allocated)
        );
        editor.Emit(new TokenStatusChanged(editor.Stamp, token.Id, TokenStatus.Allocated, TokenStatus.CheckedIn));
        Assert.Equal(2, editor.Build()!.Events.Length);

        editor.Begin(day, At(Nine.AddMinutes(-20)));
        Assert.False(editor.IsDirty);
        Assert.Equal(1, editor.Stamp.Sequence);
        editor.SetDelay(TimeSpan.FromMinutes(10));
        editor.Emit(new DelayReported(editor.Stamp, TimeSpan.FromMinutes(10), 0));
        var delayed = editor.Build()!;

        Assert.Equal((5L, 6L, TimeSpan.FromMinutes(10)), (delayed.ExpectedVersion, delayed.NewVersion, delayed.Delay));
        Assert.Equal(1, Assert.IsType<DelayReported>(Assert.Single(delayed.Events)).Stamp.Sequence);
        Assert.Empty(delayed.Tokens);

        editor.Begin(day, At(Nine.AddMinutes(-10)));
        editor.SetDelay(TimeSpan.FromMinutes(15));
        var quiet = editor.Build()!;
        Assert.Empty(quiet.Events);
        Assert.Equal(7L, quiet.NewVersion);
    }
}
