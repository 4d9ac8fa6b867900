namespace OpdTokens.Allocation;

/// <summary>Changes a slot's capacity: growing promotes from the waitlist, shrinking below occupancy is refused.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="SlotId">The slot.</param>
/// <param name="MaxCapacity">The new capacity, 1 to 1000.</param>
public sealed record ResizeSlot(SlotId SlotId, int MaxCapacity) : AllocationCommand;
