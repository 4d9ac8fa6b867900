using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Tests.Testing;

/// <summary>The kit's snapshot invariants name the invariant each violation breaks, so hosts can count them apart.</summary>
public sealed class DoctorDayInvariantsTests
{
    private static readonly PartitionKey Key = new(new DoctorId("D1"), new DateOnly(2026, 11, 23));
    private static readonly DateTimeOffset NineAm = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Slot Slot = new(new SlotId(Key, 1), NineAm, NineAm.AddHours(1), 2);

    [Fact]
    public void A_day_that_keeps_every_invariant_has_no_violation()
    {
        Assert.Empty(DoctorDayInvariants.Check(Day(Seated(1), Seated(2), Waitlisted(3)), 1, NineAm));
    }

    [Fact]
    public void A_slot_over_capacity_breaks_capacity_once()
    {
        var violations = DoctorDayInvariants.Check(Day(Seated(1), Seated(2), Seated(3)), 1, NineAm);

        Assert.Equal([DesignInvariant.Capacity], violations.Select(v => v.Invariant));
    }

    [Fact]
    public void One_emergency_over_capacity_is_allowed_but_not_two()
    {
        var one = DoctorDayInvariants.Check(Day(Seated(1), Seated(2), Seated(3, TokenSource.Emergency)), 1, NineAm);
        var two = DoctorDayInvariants.Check(
            Day(Seated(1), Seated(2), Seated(3, TokenSource.Emergency), Seated(4, TokenSource.Emergency)),
            1,
            NineAm
        );

        Assert.Empty(one);
        Assert.Equal([DesignInvariant.Capacity], two.Select(v => v.Invariant));
    }

    [Fact]
    public void A_free_seat_beside_the_waitlist_breaks_work_conservation_until_the_slot_ends()
    {
        var day = Day(Seated(1), Waitlisted(2));

        var during = DoctorDayInvariants.Check(day, 1, NineAm.AddMinutes(59));
        var after = DoctorDayInvariants.Check(day, 1, Slot.EndsAt);

        Assert.Equal([DesignInvariant.WorkConservation], during.Select(v => v.Invariant));
        Assert.Contains(Slot.Id.ToString(), during[0].Message, StringComparison.Ordinal);
        Assert.Empty(after);
    }

    [Fact]
    public void A_token_number_used_twice_breaks_order_and_identity()
    {
        var twin = Seated(2) with { Number = Seated(1).Number };

        var violations = DoctorDayInvariants.Check(Day(Seated(1), twin), 1, NineAm);

        Assert.Equal([DesignInvariant.OrderAndIdentity], violations.Select(v => v.Invariant));
        Assert.Equal(
            violations[0].Message,
            Assert.Single(DoctorDayInvariants.FindViolations(Day(Seated(1), twin), 1, NineAm))
        );
    }

    private static DoctorDay Day(params Token[] tokens) => DoctorDay.Create(Key, 1, TimeSpan.Zero, [Slot], tokens);

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
