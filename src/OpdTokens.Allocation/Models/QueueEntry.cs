namespace OpdTokens.Allocation;

/// <summary>A token waiting in a slot's queue, with its position and estimated start.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Token">The waiting token.</param>
/// <param name="Position">The 1-based position in rank order.</param>
/// <param name="EstimatedStart">When the token is expected to be seen: by the slot formula (slot start + the doctor's
/// delay + (position - 1) x slot length / capacity) from <see cref="DoctorDay.GetQueueEntries"/>, by the configured
/// estimator, never earlier than now, from <see cref="WaitTimeService.GetQueueAsync"/>.</param>
public sealed record QueueEntry(Token Token, int Position, DateTimeOffset EstimatedStart);
