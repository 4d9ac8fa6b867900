namespace OpdTokens.Allocation;

/// <summary>A slot was closed.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="SlotId">The slot.</param>
/// <param name="MovedTokens">How many waiting tokens left it.</param>
public sealed record SlotClosed(EventStamp Stamp, SlotId SlotId, int MovedTokens) : AllocationEvent(Stamp);
