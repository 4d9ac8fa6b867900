namespace OpdTokens.Allocation;

/// <summary>A token was checked in, started consultation or completed.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="From">The old status.</param>
/// <param name="To">The new status.</param>
public sealed record TokenStatusChanged(EventStamp Stamp, TokenId TokenId, TokenStatus From, TokenStatus To)
    : AllocationEvent(Stamp);
