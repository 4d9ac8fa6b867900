namespace OpdTokens.Allocation;

/// <summary>A token was cancelled.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="From">The status it was cancelled from.</param>
/// <param name="SlotId">The slot whose seat it freed, if it held one.</param>
public sealed record TokenCancelled(EventStamp Stamp, TokenId TokenId, TokenStatus From, SlotId? SlotId)
    : AllocationEvent(Stamp);
