using System.Diagnostics;

namespace OpdTokens.Allocation;

/// <summary>When one waiting token is expected to be seen.</summary>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
/// <param name="TokenId">The waiting token.</param>
/// <param name="SlotId">The slot it waits in.</param>
/// <param name="Position">Its 1-based position in the slot's queue (rank order).</param>
/// <param name="EstimatedStart">When its consultation is expected to start; never earlier than the instant the
/// estimate was made.</param>
/// <param name="Basis">What the estimate was computed from.</param>
[DebuggerDisplay("{TokenId} #{Position} ~{EstimatedStart} ({Basis})")]
public readonly record struct WaitEstimate(
    TokenId TokenId,
    SlotId SlotId,
    int Position,
    DateTimeOffset EstimatedStart,
    EstimateBasis Basis
);
