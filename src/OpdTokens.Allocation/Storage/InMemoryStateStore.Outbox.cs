using System.Collections.Immutable;

namespace OpdTokens.Allocation.Storage;

// The outbox of the in-memory store: commits leave references to their events on their doctor-day (see StoredDay);
// every outbox call first sorts those into per-doctor-day streams of entries, under one lock of its own, so commits
// never wait for the dispatcher.
public sealed partial class InMemoryStateStore : IOutboxStore
{
    /// <summary>Guards the streams, the dead letters and the delivered log.</summary>
    private readonly object _outboxLock = new();

    /// <summary>The pending entries of each doctor-day, by version then sequence.</summary>
    private readonly Dictionary<PartitionKey, List<OutboxItem>> _streams = [];

    /// <summary>The dead letters by id.</summary>
    private readonly Dictionary<AllocationEventId, OutboxItem> _deadLetters = [];

    /// <summary>Delivered entries and when, oldest first, until pruned.</summary>
    private readonly List<(AllocationEventId Id, DateTimeOffset At)> _delivered = [];

    /// <summary>A buffer for draining doctor-days' events, used under <see cref="_outboxLock"/>.</summary>
    private readonly List<OutboxPart> _drained = [];

    private volatile bool _outboxEnabled;

    /// <inheritdoc />
    public bool IsOutboxEnabled => _outboxEnabled;

    /// <inheritdoc />
    public void EnableOutbox() => _outboxEnabled = true;

    /// <inheritdoc />
    public ValueTask<ImmutableArray<OutboxEntry>> LeaseAsync(
        string owner,
        int maxDoctorDays,
        int maxEntriesPerDoctorDay,
        DateTimeOffset now,
        DateTimeOffset leaseUntil,
        CancellationToken cancellationToken
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDoctorDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntriesPerDoctorDay, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxLock)
        {
            DrainLocked();
            // A stream is free only when no entry of it is leased: a retried dead letter back at the head of a
            // stream another owner is delivering waits for that owner.
            var heads = _streams
                .Where(s => s.Value[0].NextAttemptAt <= now && !s.Value.Exists(i => i.LeaseUntil > now))
                .OrderBy(s => s.Value[0].NextAttemptAt)
                .ThenBy(s => s.Key)
                .Take(maxDoctorDays)
                .OrderBy(s => s.Key)
                .ToList();
            var leased = ImmutableArray.CreateBuilder<OutboxEntry>();
            foreach (var (_, stream) in heads)
            {
                foreach (var item in stream.Take(maxEntriesPerDoctorDay))
                {
                    item.LeaseOwner = owner;
                    item.LeaseUntil = leaseUntil;
                    leased.Add(item.ToEntry());
                }
            }

            return new(leased.ToImmutable());
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> MarkDeliveredAsync(
        AllocationEventId id,
        DateTimeOffset deliveredAt,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxLock)
        {
            DrainLocked();
            if (!TryRemovePendingLocked(id, out _))
            {
                return new(false);
            }

            _delivered.Add((id, deliveredAt));
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RecordFailureAsync(
        string owner,
        AllocationEventId id,
        DateTimeOffset nextAttemptAt,
        string failure,
        CancellationToken cancellationToken
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(failure);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxLock)
        {
            DrainLocked();
            if (!_streams.TryGetValue(id.Partition, out var stream) || IndexOf(stream, id) is not (>= 0 and var index))
            {
                return new(false);
            }

            var item = stream[index];
            item.Attempts++;
            item.NextAttemptAt = nextAttemptAt;
            item.LastError = failure;
            item.LeaseOwner = null;
            item.LeaseUntil = null;
            foreach (var other in stream)
            {
                if (other.LeaseOwner == owner)
                {
                    other.LeaseOwner = null;
                    other.LeaseUntil = null;
                }
            }

            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeadLetterAsync(
        AllocationEventId id,
        DateTimeOffset at,
        string failure,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(failure);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxLock)
        {
            DrainLocked();
            if (!TryRemovePendingLocked(id, out var item))
            {
                return new(false);
            }

            item.Attempts++;
            item.LastError = failure;
            item.LeaseOwner = null;
            item.LeaseUntil = null;
            _deadLetters[id] = item;
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<ImmutableArray<OutboxEntry>> ListDeadLettersAsync(
        int max,
        AllocationEventId? after,
        CancellationToken cancellationToken
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxLock)
        {
            return new([
                .. _deadLetters
                    .Values.Where(i => after is not { } last || i.Id > last)
                    .OrderBy(i => i.Id)
                    .Take(max)
                    .Select(i => i.ToEntry()),
            ]);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RetryDeadLetterAsync(
        AllocationEventId id,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxLock)
        {
            DrainLocked();
            if (!_deadLetters.Remove(id, out var item))
            {
                return new(false);
            }

            item.Attempts = 0;
            item.NextAttemptAt = now;
            InsertLocked(item);
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> PruneDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxLock)
        {
            return new(_delivered.RemoveAll(d => d.At < deliveredBefore));
        }
    }

    /// <inheritdoc />
    public ValueTask<OutboxCounts> CountOutboxAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxLock)
        {
            DrainLocked();
            return new(new OutboxCounts(_streams.Values.Sum(s => (long)s.Count), _delivered.Count, _deadLetters.Count));
        }
    }

    /// <summary>Moves the events commits left on their doctor-days into the streams.</summary>
    private void DrainLocked()
    {
        foreach (var (_, day) in _partitions)
        {
            if (!day.HasOutboxEvents)
            {
                continue;
            }

            day.DrainOutbox(_drained);
            foreach (var part in _drained)
            {
                for (var i = 0; i < part.Events.Length; i++)
                {
                    var id = new AllocationEventId(day.Key, part.Version, i + 1);
                    InsertLocked(new OutboxItem(id, part.Events[i]));
                }
            }

            _drained.Clear();
        }
    }

    /// <summary>Adds a pending entry to its stream in order: at the end, unless a retried dead letter goes
    /// back before later entries.</summary>
    private void InsertLocked(OutboxItem item)
    {
        if (!_streams.TryGetValue(item.Id.Partition, out var stream))
        {
            _streams[item.Id.Partition] = stream = [];
        }

        var at = stream.Count;
        while (at > 0 && stream[at - 1].Id > item.Id)
        {
            at--;
        }

        stream.Insert(at, item);
    }

    private bool TryRemovePendingLocked(AllocationEventId id, out OutboxItem item)
    {
        item = null!;
        if (!_streams.TryGetValue(id.Partition, out var stream) || IndexOf(stream, id) is not (>= 0 and var index))
        {
            return false;
        }

        item = stream[index];
        stream.RemoveAt(index);
        if (stream.Count == 0)
        {
            _streams.Remove(id.Partition);
        }

        return true;
    }

    private static int IndexOf(List<OutboxItem> stream, AllocationEventId id)
    {
        for (var i = 0; i < stream.Count; i++)
        {
            if (stream[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The events of one committed change, kept by reference until the outbox takes them.</summary>
    private readonly record struct OutboxPart(long Version, ImmutableArray<AllocationEvent> Events);

    /// <summary>One outbox entry and its delivery state; changed only under <see cref="_outboxLock"/>.</summary>
    private sealed class OutboxItem(AllocationEventId id, AllocationEvent allocationEvent)
    {
        public AllocationEventId Id { get; } = id;

        public AllocationEvent Event { get; } = allocationEvent;

        public int Attempts { get; set; }

        public DateTimeOffset NextAttemptAt { get; set; } = DateTimeOffset.MinValue;

        public string? LeaseOwner { get; set; }

        public DateTimeOffset? LeaseUntil { get; set; }

        public string? LastError { get; set; }

        public OutboxEntry ToEntry() => new(Id, Event, Attempts, LastError);
    }
}
