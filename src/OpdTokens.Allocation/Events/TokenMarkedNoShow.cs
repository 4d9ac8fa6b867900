namespace OpdTokens.Allocation;

/// <summary>A token was marked as a no-show.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="SlotId">The slot whose seat it freed.</param>
public sealed record TokenMarkedNoShow(EventStamp Stamp, TokenId TokenId, SlotId SlotId) : AllocationEvent(Stamp);
