namespace OpdTokens.Allocation;

/// <summary>A token moved for a reason other than a bump or a promotion: the desk reallocated it, the doctor is
/// running late, or its slot closed.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="FromSlotId">The slot it left.</param>
/// <param name="ToSlotId">The slot it moved to, or <see langword="null"/> when it went to the waitlist.</param>
/// <param name="Reason">Why it moved.</param>
public sealed record TokenReallocated(
    EventStamp Stamp,
    TokenId TokenId,
    SlotId FromSlotId,
    SlotId? ToSlotId,
    MoveReason Reason
) : AllocationEvent(Stamp);
