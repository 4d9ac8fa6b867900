using OpdTokens.Allocation.Models;

namespace OpdTokens.Allocation.Events;

/// <summary>A slot was added to a doctor-day.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="SlotId">The slot.</param>
/// <param name="MaxCapacity">Its capacity.</param>
public sealed record SlotAdded(EventStamp Stamp, SlotId SlotId, int MaxCapacity) : AllocationEvent(Stamp);

/// <summary>A slot was closed.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="SlotId">The slot.</param>
/// <param name="MovedTokens">How many waiting tokens left it.</param>
public sealed record SlotClosed(EventStamp Stamp, SlotId SlotId, int MovedTokens) : AllocationEvent(Stamp);

/// <summary>A slot's capacity changed.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="SlotId">The slot.</param>
/// <param name="OldCapacity">The capacity before.</param>
/// <param name="NewCapacity">The capacity now.</param>
public sealed record SlotResized(EventStamp Stamp, SlotId SlotId, int OldCapacity, int NewCapacity)
    : AllocationEvent(Stamp);

/// <summary>A doctor's delay for the day was reported.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="Delay">The doctor-day's total delay.</param>
/// <param name="MovedTokens">How many tokens moved to a later slot.</param>
public sealed record DelayReported(EventStamp Stamp, TimeSpan Delay, int MovedTokens) : AllocationEvent(Stamp);
