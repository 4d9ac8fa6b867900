namespace OpdTokens.Allocation;

/// <summary>Moves a token to another status: check in, start consultation, complete, cancel or no-show.</summary>
/// <remarks>
/// <para>Allowed moves: Allocated to CheckedIn, CheckedIn to Consulting, Consulting to Completed; Waitlisted,
/// Allocated or CheckedIn to Cancelled; Allocated to NoShow. Every other move is an
/// <see cref="AllocationErrorCode.InvalidTransition"/> error.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="TokenId">The token.</param>
/// <param name="Status">The status to move to.</param>
public sealed record ChangeTokenStatus(TokenId TokenId, TokenStatus Status) : AllocationCommand
{
    /// <summary>Gets the reason of a cancellation (at most 200 characters; no personal data), if any.</summary>
    public string? Reason { get; init; }
}
