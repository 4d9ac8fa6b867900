namespace OpdTokens.Allocation;

/// <summary>A token waiting in a slot's queue, with its position and estimated start.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Token">The waiting token.</param>
/// <param name="Position">The 1-based position in rank order.</param>
/// <param name="EstimatedStart">Slot start + the doctor's delay + (position - 1) x slot length / capacity.</param>
public sealed record QueueEntry(Token Token, int Position, DateTimeOffset EstimatedStart);
