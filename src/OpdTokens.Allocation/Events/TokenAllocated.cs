namespace OpdTokens.Allocation;

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
