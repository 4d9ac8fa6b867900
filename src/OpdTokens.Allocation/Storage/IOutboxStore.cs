using System.Collections.Immutable;

namespace OpdTokens.Allocation.Storage;

/// <summary>The transactional outbox of a store: the events of every committed change, kept in the same transaction
/// as the change until a dispatcher has delivered them. Optional: a store that implements it lets the notification
/// dispatcher (<c>AddNotifications</c>) deliver events that survive crashes, outages and several app instances.</summary>
/// <remarks>
/// <para><b>Writing.</b> While <see cref="IsOutboxEnabled"/>, <see cref="IStateStore.CommitAsync"/> stores each event
/// of <see cref="PartitionChange.Events"/> as a pending outbox entry in the same atomic step as the change, with the id
/// <c>(change.Partition, change.NewVersion, index + 1)</c>; a refused change stores none. The outbox is off until
/// <see cref="EnableOutbox"/> (which <c>AddNotifications</c> calls before the engine's first commit), so a host that
/// never dispatches does not fill it.</para>
/// <para><b>Order and leases.</b> The entries of a doctor-day form a stream ordered by version, then sequence. The
/// stream's head is its first pending entry. <see cref="LeaseAsync"/> takes doctor-days whose head is due and none of
/// whose pending entries is leased (or whose leases have expired) and leases their first pending entries to one owner
/// until the lease ends, so one dispatcher at a time delivers a doctor-day's stream, in order, even when a retried dead
/// letter has gone back to the head of a stream another owner is delivering. A lease held by a crashed instance
/// expires and another owner takes the stream over. With several instances the lease is one atomic step, such as a
/// statement that takes the heads <c>FOR UPDATE SKIP LOCKED</c>, so two owners leasing at once never share a
/// doctor-day.</para>
/// <para><b>Outcomes.</b> A delivered entry is marked with <see cref="MarkDeliveredAsync"/> and pruned later by
/// <see cref="PruneDeliveredAsync"/>; a failed attempt is recorded with <see cref="RecordFailureAsync"/> and waits until
/// its next attempt, holding back the rest of its stream; an entry past its retry budget goes to the dead letters with
/// <see cref="DeadLetterAsync"/>, out of the stream, until <see cref="RetryDeadLetterAsync"/> makes it pending
/// again.</para>
/// <para>Instants are compared as points in time; stores may keep them in UTC. Implementations are thread-safe and
/// pass the outbox checks of the conformance kit (OpdTokens.Allocation.Testing).</para>
/// </remarks>
public interface IOutboxStore
{
    /// <summary>Gets whether commits write their events to the outbox.</summary>
    bool IsOutboxEnabled { get; }

    /// <summary>Makes every later commit write its events to the outbox; calling it again changes nothing.</summary>
    void EnableOutbox();

    /// <summary>Leases the first pending entries of doctor-days whose head is due and that nobody holds, to one
    /// owner.</summary>
    /// <param name="owner">Who takes the lease, such as a dispatcher's instance id.</param>
    /// <param name="maxDoctorDays">The most doctor-days to lease, at least 1.</param>
    /// <param name="maxEntriesPerDoctorDay">The most entries to lease per doctor-day, at least 1.</param>
    /// <param name="now">The current time: a head is due when its next attempt is at or before it, and a doctor-day
    /// is free when none of its pending entries has a lease that ends after it.</param>
    /// <param name="leaseUntil">When the lease ends, after <paramref name="now"/>.</param>
    /// <param name="cancellationToken">Cancels the lease; a cancelled call leases nothing.</param>
    /// <returns>The leased entries, by doctor-day, then version, then sequence; empty when nothing is due.</returns>
    ValueTask<ImmutableArray<OutboxEntry>> LeaseAsync(
        string owner,
        int maxDoctorDays,
        int maxEntriesPerDoctorDay,
        DateTimeOffset now,
        DateTimeOffset leaseUntil,
        CancellationToken cancellationToken
    );

    /// <summary>Marks a pending entry delivered; it leaves its stream and is pruned after the retention
    /// period.</summary>
    /// <param name="id">The entry.</param>
    /// <param name="deliveredAt">When it was delivered.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when a pending entry was marked; <see langword="false"/> when there is none
    /// (already delivered, dead-lettered or pruned), which changes nothing.</returns>
    ValueTask<bool> MarkDeliveredAsync(
        AllocationEventId id,
        DateTimeOffset deliveredAt,
        CancellationToken cancellationToken
    );

    /// <summary>Records a failed attempt at a pending entry: one more attempt, the error and when to try again; the
    /// owner's lease of the entry's doctor-day ends, so the stream waits for the next attempt.</summary>
    /// <param name="owner">The owner of the lease.</param>
    /// <param name="id">The entry.</param>
    /// <param name="nextAttemptAt">When it becomes due again.</param>
    /// <param name="failure">A short text of the failure, without personal data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when a pending entry was updated.</returns>
    ValueTask<bool> RecordFailureAsync(
        string owner,
        AllocationEventId id,
        DateTimeOffset nextAttemptAt,
        string failure,
        CancellationToken cancellationToken
    );

    /// <summary>Moves a pending entry to the dead letters (one more attempt, with its error): it leaves its stream, so
    /// the entries after it go on.</summary>
    /// <param name="id">The entry.</param>
    /// <param name="at">When it was given up on.</param>
    /// <param name="failure">A short text of the last failure, without personal data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when a pending entry was moved.</returns>
    ValueTask<bool> DeadLetterAsync(
        AllocationEventId id,
        DateTimeOffset at,
        string failure,
        CancellationToken cancellationToken
    );

    /// <summary>Lists dead letters in the order of their ids (<see cref="AllocationEventId.CompareTo"/>: by doctor-day,
    /// then in stream order), a page at a time.</summary>
    /// <param name="max">The most to list, at least 1.</param>
    /// <param name="after">Lists only the dead letters whose ids come after this one, such as the last of the page
    /// before; <see langword="null"/> to start from the first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dead letters; fewer than <paramref name="max"/> only when there are no more.</returns>
    ValueTask<ImmutableArray<OutboxEntry>> ListDeadLettersAsync(
        int max,
        AllocationEventId? after,
        CancellationToken cancellationToken
    );

    /// <summary>Makes a dead letter pending again, due at once with no attempts, in its doctor-day's stream.</summary>
    /// <param name="id">The dead letter.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when a dead letter was found and made pending.</returns>
    ValueTask<bool> RetryDeadLetterAsync(AllocationEventId id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes delivered entries delivered before a cutoff; pending entries and dead letters stay.</summary>
    /// <param name="deliveredBefore">The cutoff.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many entries were deleted.</returns>
    ValueTask<int> PruneDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken);

    /// <summary>Counts the entries by state.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts.</returns>
    ValueTask<OutboxCounts> CountOutboxAsync(CancellationToken cancellationToken);
}
