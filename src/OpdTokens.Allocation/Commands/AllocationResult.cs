using System.Collections.Immutable;

namespace OpdTokens.Allocation;

/// <summary>The result of an <see cref="AllocateToken"/> command.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Token">The new token (or, for an idempotent replay, the token the original request created, as it is
/// now).</param>
/// <param name="Outcome">How the token was placed.</param>
/// <param name="BumpedToken">The token moved to make room, with its new slot (or waitlisted), if any.</param>
/// <param name="Alternatives">Slots with room elsewhere, offered when the token was waitlisted.</param>
/// <param name="IsReplay">Whether this answers a repeated idempotency key; nothing was changed.</param>
public sealed record AllocationResult(
    Token Token,
    AllocationOutcome Outcome,
    Token? BumpedToken,
    ImmutableArray<Alternative> Alternatives,
    bool IsReplay = false
)
{
    /// <summary>Gets the patient's earlier token that this emergency cancelled in the same command (one active token
    /// per patient id per doctor-day; emergencies replace instead of being refused), or <see langword="null"/>. An
    /// idempotent replay does not name it again.</summary>
    public Token? ReplacedToken { get; init; }
}
