namespace OpdTokens.Allocation;

/// <summary>Moves an allocated or checked-in token to another slot of the same doctor-day that has room.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="TokenId">The token.</param>
/// <param name="SlotId">The slot to move it to.</param>
public sealed record ReallocateToken(TokenId TokenId, SlotId SlotId) : AllocationCommand
{
    /// <summary>Gets the reason for the move (at most 200 characters; no personal data), if any.</summary>
    public string? Reason { get; init; }
}
