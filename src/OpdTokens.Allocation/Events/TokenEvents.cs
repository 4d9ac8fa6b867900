using OpdTokens.Allocation.Models;

namespace OpdTokens.Allocation.Events;

/// <summary>A new token got a seat.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="SlotId">The slot.</param>
/// <param name="Source">The request's source.</param>
/// <param name="Outcome">How it was placed.</param>
public sealed record TokenAllocated(
    EventStamp Stamp,
    TokenId TokenId,
    SlotId SlotId,
    TokenSource Source,
    AllocationOutcome Outcome
) : AllocationEvent(Stamp);

/// <summary>A new token found no seat and waits for one.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="Source">The request's source.</param>
public sealed record TokenWaitlisted(EventStamp Stamp, TokenId TokenId, TokenSource Source) : AllocationEvent(Stamp);

/// <summary>A token was moved out of its slot to make room for a higher-ranked request.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The bumped token.</param>
/// <param name="FromSlotId">The slot it left.</param>
/// <param name="ToSlotId">The slot it moved to, or <see langword="null"/> when it went to the waitlist.</param>
/// <param name="ByTokenId">The token that took its seat.</param>
public sealed record TokenBumped(
    EventStamp Stamp,
    TokenId TokenId,
    SlotId FromSlotId,
    SlotId? ToSlotId,
    TokenId ByTokenId
) : AllocationEvent(Stamp);

/// <summary>A waitlisted token got a freed seat.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="SlotId">The slot.</param>
public sealed record TokenPromoted(EventStamp Stamp, TokenId TokenId, SlotId SlotId) : AllocationEvent(Stamp);

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

/// <summary>A token was checked in, started consultation or completed.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="From">The old status.</param>
/// <param name="To">The new status.</param>
public sealed record TokenStatusChanged(EventStamp Stamp, TokenId TokenId, TokenStatus From, TokenStatus To)
    : AllocationEvent(Stamp);

/// <summary>A token was cancelled.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="From">The status it was cancelled from.</param>
/// <param name="SlotId">The slot whose seat it freed, if it held one.</param>
public sealed record TokenCancelled(EventStamp Stamp, TokenId TokenId, TokenStatus From, SlotId? SlotId)
    : AllocationEvent(Stamp);

/// <summary>A token was marked as a no-show.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="SlotId">The slot whose seat it freed.</param>
public sealed record TokenMarkedNoShow(EventStamp Stamp, TokenId TokenId, SlotId SlotId) : AllocationEvent(Stamp);

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
