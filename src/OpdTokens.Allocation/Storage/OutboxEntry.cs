namespace OpdTokens.Allocation.Storage;

/// <summary>An event in a store's outbox, as <see cref="IOutboxStore.LeaseAsync"/> and
/// <see cref="IOutboxStore.ListDeadLettersAsync"/> return it.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Id">The event's id.</param>
/// <param name="Event">The event.</param>
/// <param name="Attempts">How many delivery attempts failed so far.</param>
/// <param name="LastError">The last failure's text, or <see langword="null"/>.</param>
public sealed record OutboxEntry(AllocationEventId Id, AllocationEvent Event, int Attempts, string? LastError);
