namespace OpdTokens.Allocation;

/// <summary>A waitlisted token got a freed seat.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="SlotId">The slot.</param>
public sealed record TokenPromoted(EventStamp Stamp, TokenId TokenId, SlotId SlotId) : AllocationEvent(Stamp);
