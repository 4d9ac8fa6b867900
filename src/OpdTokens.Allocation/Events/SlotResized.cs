namespace OpdTokens.Allocation;

/// <summary>A slot's capacity changed.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="SlotId">The slot.</param>
/// <param name="OldCapacity">The capacity before.</param>
/// <param name="NewCapacity">The capacity now.</param>
public sealed record SlotResized(EventStamp Stamp, SlotId SlotId, int OldCapacity, int NewCapacity)
    : AllocationEvent(Stamp);
