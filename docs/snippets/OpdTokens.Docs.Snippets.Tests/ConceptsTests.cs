using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets.Tests;

public sealed class ConceptsTests
{
    [Fact]
    public async Task Ids_route_to_their_doctor_day()
    {
        var (partition, byId, byNumber) = await Concepts.RoutingAsync();

        Assert.Equal("D1/2026-11-21", partition.ToString());
        Assert.NotNull(byId);
        Assert.Equal(byId, byNumber);
    }

    [Fact]
    public async Task Queue_is_in_rank_order()
    {
        Assert.Equal(["Asha", "Ravi", "Meena"], (await Concepts.RankAsync()).AsEnumerable());
    }

    [Fact]
    public async Task Paid_request_bumps_the_lowest_ranked_walk_in_to_the_next_slot()
    {
        var (paid, day) = await Concepts.BumpAsync();

        Assert.Equal(AllocationOutcome.BumpedOther, paid.Outcome);
        Assert.Equal("Meena", paid.BumpedToken!.Patient.Name);
        Assert.Equal(day.Slots[1].Id, paid.BumpedToken.SlotId);
        Assert.Equal(MoveReason.Bumped, paid.BumpedToken.History.Single().Reason);
        Assert.Equal(["Kiran", "Ravi"], day.GetQueue(day.Slots[0].Id).Select(t => t.Patient.Name));
    }

    [Fact]
    public async Task First_emergency_overflows_and_the_second_bumps_into_the_waitlist()
    {
        var (first, second, day) = await Concepts.EmergencyAsync();

        Assert.Equal(AllocationOutcome.Overflow, first.Outcome);
        Assert.True(first.Token.IsOverflow);
        Assert.Equal(AllocationOutcome.BumpedOther, second.Outcome);
        Assert.Equal("Ravi", second.BumpedToken!.Patient.Name);
        Assert.Equal(TokenStatus.Waitlisted, second.BumpedToken.Status);
        Assert.Equal(2, day.GetOccupancy(day.Slots[0].Id));
    }

    [Fact]
    public async Task Full_day_waitlists_rejects_with_alternatives_and_promotes_on_cancel()
    {
        var (waitlisted, rejected, cancelled) = await Concepts.WaitlistAsync();

        Assert.Equal(AllocationOutcome.Waitlisted, waitlisted.Outcome);
        Assert.Null(waitlisted.Token.SlotId);
        Assert.Equal(AllocationErrorCode.SlotFull, rejected.Code);
        Assert.Equal("S-D2-20261121-1", Assert.Single(rejected.Alternatives).SlotId.ToString());
        Assert.Equal(waitlisted.Token.Id, cancelled.PromotedToken!.Id);
        Assert.Equal("S-D1-20261121-1", cancelled.PromotedToken.SlotId.ToString());
    }

    [Fact]
    public async Task Rank_comparer_orders_by_score_then_sequence()
    {
        var (_, day) = await Concepts.BumpAsync();

        var ranked = Concepts.OrderByRank(day.Tokens.Reverse());

        Assert.Equal(["Kiran", "Ravi", "Meena"], ranked.Select(t => t.Patient.Name));
    }
}
