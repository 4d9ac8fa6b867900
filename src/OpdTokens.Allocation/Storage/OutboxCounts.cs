namespace OpdTokens.Allocation.Storage;

/// <summary>How many entries a store's outbox holds, by state.</summary>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
/// <param name="Pending">Entries not delivered yet (due or waiting for a retry).</param>
/// <param name="Delivered">Delivered entries not pruned yet.</param>
/// <param name="DeadLetters">Entries given up on.</param>
public readonly record struct OutboxCounts(long Pending, long Delivered, long DeadLetters);
