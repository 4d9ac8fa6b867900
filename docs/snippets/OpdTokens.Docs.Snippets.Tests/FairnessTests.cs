using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets.Tests;

public sealed class FairnessTests
{
    [Fact]
    public async Task Retry_with_the_same_key_replays_and_a_different_body_is_refused()
    {
        var (first, retry, reused) = await Fairness.IdempotencyAsync();

        Assert.False(first.Value!.IsReplay);
        Assert.True(retry.Value!.IsReplay);
        Assert.Equal(first.Value.Token.Id, retry.Value.Token.Id);
        Assert.Equal(AllocationErrorCode.IdempotencyKeyReused, reused.Error!.Code);
    }

    [Fact]
    public async Task Second_booking_is_refused_but_an_emergency_replaces_it()
    {
        var (booked, duplicate, emergency, earlier) = await Fairness.OneActiveTokenAsync();

        Assert.Equal(AllocationErrorCode.DuplicatePatient, duplicate.Code);
        Assert.Equal(booked.Token.Id, duplicate.ExistingTokenId);
        Assert.Equal(AllocationOutcome.Allocated, emergency.Outcome);
        Assert.Equal(TokenStatus.Cancelled, earlier.Status);
        Assert.Equal("Replaced by an emergency token.", earlier.CancellationReason);
    }

    [Fact]
    public async Task Token_at_the_bump_limit_is_not_bumped_again()
    {
        var (kiran, lata, ravi) = await Fairness.BumpLimitAsync();

        Assert.Equal(AllocationOutcome.BumpedOther, kiran.Outcome);
        Assert.Equal(AllocationOutcome.Allocated, lata.Outcome);
        Assert.Equal("S-D1-20261121-3", lata.Token.SlotId.ToString());
        Assert.Equal("S-D1-20261121-2", ravi.SlotId.ToString());
        Assert.Equal(1, ravi.BumpCount);
    }

    [Fact]
    public async Task Daily_overflow_cap_makes_the_second_emergency_bump()
    {
        var (dev, sita, analytics) = await Fairness.EmergencyCapAsync();

        Assert.Equal(AllocationOutcome.Overflow, dev.Outcome);
        Assert.Equal(AllocationOutcome.BumpedOther, sita.Outcome);
        Assert.Equal(TokenStatus.Waitlisted, sita.BumpedToken!.Status);
        Assert.Equal(1, analytics.Overflows);
        Assert.Equal(1, analytics.Bumps);
        Assert.Equal(1, analytics.Waitlisted);
    }
}
