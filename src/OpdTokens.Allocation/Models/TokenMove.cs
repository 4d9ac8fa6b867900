using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>One entry of a token's move history.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="At">When the move happened.</param>
/// <param name="From">The slot the token left, or <see langword="null"/> when it came from the waitlist.</param>
/// <param name="To">The slot the token moved to, or <see langword="null"/> when it went to the waitlist.</param>
/// <param name="Reason">Why the token moved.</param>
/// <param name="Note">A short free-text note, such as the desk's reason for a reallocation.</param>
[JsonConverter(typeof(TokenMoveJsonConverter))]
public sealed record TokenMove(DateTimeOffset At, SlotId? From, SlotId? To, MoveReason Reason, string? Note = null);
