namespace OpdTokens.Allocation;

/// <summary>Closes a slot because the doctor is unavailable; its waiting tokens move to later slots with room in
/// rank order, the rest to the waitlist.</summary>
/// <remarks>Closing a closed slot changes nothing. This type is immutable and thread-safe.</remarks>
/// <param name="SlotId">The slot.</param>
public sealed record CloseSlot(SlotId SlotId) : AllocationCommand;
