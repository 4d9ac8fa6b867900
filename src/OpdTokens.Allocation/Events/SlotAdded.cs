namespace OpdTokens.Allocation;

/// <summary>A slot was added to a doctor-day.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="SlotId">The slot.</param>
/// <param name="MaxCapacity">Its capacity.</param>
public sealed record SlotAdded(EventStamp Stamp, SlotId SlotId, int MaxCapacity) : AllocationEvent(Stamp);
