namespace OpdTokens.Allocation.Policies;

/// <summary>What a priority policy may look at when it scores a new token.</summary>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
/// <param name="Source">Where the request comes from.</param>
/// <param name="LeadTime">How long before the first considered slot starts the request is made; <see langword="null"/>
/// when no slot was considered (the day is full or over).</param>
/// <param name="SlotOccupancy">The first considered slot's occupancy at request time; 0 when none.</param>
/// <param name="SlotCapacity">The first considered slot's capacity; 0 when none.</param>
public readonly record struct PriorityRequest(
    TokenSource Source,
    TimeSpan? LeadTime,
    int SlotOccupancy,
    int SlotCapacity
);
