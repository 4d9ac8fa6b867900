using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Invariants;

namespace OpdTokens.Samples.Console.Tests.Invariants;

/// <summary>The checks must catch broken states, or a green simulation would prove nothing.</summary>
public sealed class InvariantRulesTests
{
    private static readonly PartitionKey Key = new(new DoctorId("D1"), new DateOnly(2026, 11, 23));
    private static readonly DateTimeOffset NineAm = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Slot Slot = new(new SlotId(Key, 1), NineAm, NineAm.AddHours(1), 2);

    [Fact]
    public void Capacity_check_flags_a_slot_holding_more_than_its_capacity()
    {
        var day = Day(Seated(1), Seated(2), Seated(3));

        var ledger = CheckSnapshot(day, NineAm);

        Assert.Equal(1, Violations(ledger, Invariant.Capacity));
    }

    [Fact]
    public void Capacity_check_accepts_one_emergency_over_capacity_but_not_two()
    {
        var one = CheckSnapshot(Day(Seated(1), Seated(2), Seated(3, TokenSource.Emergency)), NineAm);
        var two = CheckSnapshot(
            Day(Seated(1), Seated(2), Seated(3, TokenSource.Emergency), Seated(4, TokenSource.Emergency)),
            NineAm
        );

        Assert.Equal(0, one.Violations);
        Assert.Equal(1, Violations(two, Invariant.Capacity));
    }

    [Fact]
    public void Work_conservation_check_flags_a_free_seat_beside_the_waitlist_until_the_slot_ends()
    {
        var day = Day(Seated(1), Waitlisted(2));

        Assert.Equal(1, Violations(CheckSnapshot(day, NineAm.AddMinutes(59)), Invariant.WorkConservation));
        Assert.Equal(0, CheckSnapshot(day, Slot.EndsAt).Violations);
    }

    [Fact]
    public void Change_check_flags_a_terminal_token_that_changed_and_passes_an_unchanged_day()
    {
        var completed = Seated(1) with { Status = TokenStatus.Completed, CompletedAt = NineAm };
        var before = Day(completed, Seated(2));
        var after = Day(completed with { Status = TokenStatus.Cancelled, CancelledAt = NineAm }, Seated(2));
        var changedEvents = new AllocationEvent[]
        {
            new TokenCancelled(Stamp(), completed.Id, TokenStatus.Completed, Slot.Id),
        };

        var broken = CheckChange(before, after, changedEvents);
        var unchanged = CheckChange(before, before, []);

        Assert.Equal(1, Violations(broken, Invariant.Terminal));
        Assert.Equal(0, unchanged.Violations);
    }

    [Fact]
    public void Bump_check_flags_a_checked_in_victim_and_accepts_an_allocated_lower_ranked_one()
    {
        var walkIn = Seated(1);
        var paid = Seated(3, TokenSource.Paid) with { PriorityScore = 100 };
        var bumped = new AllocationEvent[] { new TokenBumped(Stamp(), walkIn.Id, Slot.Id, null, paid.Id) };
        var after = Day(Waitlisted(1), Seated(2), paid);

        var fair = CheckChange(Day(walkIn, Seated(2)), after, bumped);
        var unfair = CheckChange(
            Day(walkIn with { Status = TokenStatus.CheckedIn, CheckedInAt = NineAm }, Seated(2)),
            after,
            bumped
        );

        Assert.Equal(0, fair.Violations);
        Assert.Equal(1, Violations(unfair, Invariant.Bumps));
    }

    [Fact]
    public void Change_check_flags_a_token_moved_without_an_event()
    {
        var before = Day(Seated(1), Waitlisted(2));
        var after = Day(Seated(1), Seated(2));

        var ledger = CheckChange(before, after, []);

        Assert.Equal(1, Violations(ledger, Invariant.Bumps));
    }

    private static InvariantLedger CheckSnapshot(DoctorDay day, DateTimeOffset now)
    {
        var ledger = new InvariantLedger();
        InvariantRules.CheckSnapshot(day, now, overflowPerSlot: 1, ledger);
        return ledger;
    }

    private static InvariantLedger CheckChange(DoctorDay before, DoctorDay after, AllocationEvent[] events)
    {
        var ledger = new InvariantLedger();
        InvariantRules.CheckChange(before, after, events, [], ledger);
        return ledger;
    }

    private static int Violations(InvariantLedger ledger, Invariant invariant) =>
        ledger.Results().Single(r => r.Invariant == invariant).Violations;

    private static DoctorDay Day(params Token[] tokens) => DoctorDay.Create(Key, 1, TimeSpan.Zero, [Slot], tokens);

    private static EventStamp Stamp() => new(Key, 2, NineAm, null);

    private static Token Seated(int sequence, TokenSource source = TokenSource.WalkIn) =>
        Waitlisted(sequence, source) with
        {
            SlotId = Slot.Id,
            Status = TokenStatus.Allocated,
            AllocatedAt = NineAm,
        };

    private static Token Waitlisted(int sequence, TokenSource source = TokenSource.WalkIn) =>
        new()
        {
            Id = new TokenId(Key, sequence),
            Number = $"DOCD1-20261123-{sequence:0000}",
            Patient = new Patient("Patient " + sequence),
            Source = source,
            Status = TokenStatus.Waitlisted,
            PriorityScore = source == TokenSource.Emergency ? 1000 : 10,
            CreatedAt = NineAm.AddHours(-2).AddMinutes(sequence),
        };
}
