using System.Collections.Immutable;

namespace OpdTokens.Allocation.Storage;

/// <summary>One committed change of a doctor-day: the new snapshot and what changed, for
/// <see cref="IStateStore.CommitAsync"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class PartitionChange
{
    /// <summary>Creates a change.</summary>
    /// <param name="snapshot">The doctor-day after the change.</param>
    /// <param name="expectedVersion">The version the change was made on; <c>snapshot.Version - 1</c>.</param>
    /// <param name="tokens">The tokens added or changed, as they are in <paramref name="snapshot"/>.</param>
    /// <param name="slots">The slots added or changed, as they are in <paramref name="snapshot"/>.</param>
    /// <param name="idempotencyRecords">The idempotency records added.</param>
    /// <param name="events">The domain events of the change.</param>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="expectedVersion"/> is not one less than the snapshot's
    /// version.</exception>
    public PartitionChange(
        DoctorDay snapshot,
        long expectedVersion,
        ImmutableArray<Token> tokens,
        ImmutableArray<Slot> slots,
        ImmutableArray<IdempotencyRecord> idempotencyRecords,
        ImmutableArray<AllocationEvent> events
    )
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (expectedVersion < 0 || snapshot.Version != expectedVersion + 1)
        {
            throw new ArgumentException(
                "The snapshot's version must be the expected version + 1.",
                nameof(expectedVersion)
            );
        }

        Snapshot = snapshot;
        ExpectedVersion = expectedVersion;
        Tokens = tokens.IsDefault ? [] : tokens;
        Slots = slots.IsDefault ? [] : slots;
        IdempotencyRecords = idempotencyRecords.IsDefault ? [] : idempotencyRecords;
        Events = events.IsDefault ? [] : events;
    }

    /// <summary>Gets the doctor-day after the change.</summary>
    public DoctorDay Snapshot { get; }

    /// <summary>Gets the doctor-day changed.</summary>
    public PartitionKey Partition => Snapshot.Key;

    /// <summary>Gets the version the change was made on; 0 when the doctor-day was never stored.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version after the change.</summary>
    public long NewVersion => Snapshot.Version;

    /// <summary>Gets the tokens added or changed, in their new state.</summary>
    public ImmutableArray<Token> Tokens { get; }

    /// <summary>Gets the slots added or changed, in their new state.</summary>
    public ImmutableArray<Slot> Slots { get; }

    /// <summary>Gets the idempotency records added.</summary>
    public ImmutableArray<IdempotencyRecord> IdempotencyRecords { get; }

    /// <summary>Gets the domain events of the change (an audit or outbox table may keep them).</summary>
    public ImmutableArray<AllocationEvent> Events { get; }
}
