namespace OpdTokens.Allocation;

/// <summary>An emergency was placed over a slot's capacity; flagged for review.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The emergency token.</param>
/// <param name="SlotId">The slot.</param>
/// <param name="Occupancy">The slot's occupancy after the overflow.</param>
/// <param name="MaxCapacity">The slot's capacity.</param>
public sealed record EmergencyOverflowed(
    EventStamp Stamp,
    TokenId TokenId,
    SlotId SlotId,
    int Occupancy,
    int MaxCapacity
) : AllocationEvent(Stamp);
