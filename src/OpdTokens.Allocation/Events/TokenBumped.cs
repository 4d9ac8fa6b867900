namespace OpdTokens.Allocation;

/// <summary>A token was moved out of its slot to make room for a higher-ranked request.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The bumped token.</param>
/// <param name="FromSlotId">The slot it left.</param>
/// <param name="ToSlotId">The slot it moved to, or <see langword="null"/> when it went to the waitlist.</param>
/// <param name="ByTokenId">The token that took its seat.</param>
public sealed record TokenBumped(
    EventStamp Stamp,
    TokenId TokenId,
    SlotId FromSlotId,
    SlotId? ToSlotId,
    TokenId ByTokenId
) : AllocationEvent(Stamp);
