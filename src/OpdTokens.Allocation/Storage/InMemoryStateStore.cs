using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace OpdTokens.Allocation.Storage;

/// <summary>The default store: keeps snapshots in memory, for one process.</summary>
/// <remarks>
/// <para>Commits are compare-and-swap on the stored snapshot, so two engines sharing one instance behave like two
/// app servers sharing a database. Nothing survives a restart.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class InMemoryStateStore : IStateStore
{
    /// <summary>The latest committed snapshot of each doctor-day.</summary>
    private readonly ConcurrentDictionary<PartitionKey, StoredDay> _partitions = new();

    /// <summary>The doctor registry.</summary>
    private readonly ConcurrentDictionary<DoctorId, Doctor> _doctors = new();

    /// <inheritdoc />
    public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_partitions.TryGetValue(partition, out var stored) ? stored.Day : null);
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        var key = change.Partition;
        if (change.ExpectedVersion == 0)
        {
            if (!_partitions.TryAdd(key, new StoredDay(change.Snapshot)))
            {
                throw Conflict(change);
            }
        }
        else if (
            !_partitions.TryGetValue(key, out var stored) || !stored.TrySwap(change.ExpectedVersion, change.Snapshot)
        )
        {
            throw Conflict(change);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        var keys = _partitions.Keys.Where(k => onDate is null || k.Date == onDate.Value).Order().ToImmutableArray();
        return new(keys);
    }

    /// <inheritdoc />
    public ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_doctors.Values.OrderBy(d => d.Id).ToImmutableArray());
    }

    /// <inheritdoc />
    public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        cancellationToken.ThrowIfCancellationRequested();
        if (isNew)
        {
            if (!_doctors.TryAdd(doctor.Id, doctor))
            {
                throw new ConcurrencyConflictException($"Doctor id {doctor.Id} is already taken.");
            }
        }
        else
        {
            _doctors[doctor.Id] = doctor;
        }

        return ValueTask.CompletedTask;
    }

    private ConcurrencyConflictException Conflict(PartitionChange change) =>
        new(
            change.Partition,
            change.ExpectedVersion,
            _partitions.TryGetValue(change.Partition, out var stored) ? stored.Day.Version : null
        );

    /// <summary>A doctor-day's stored snapshot, swapped in place so a commit takes no lock; the dictionary's own
    /// locks are only taken when a doctor-day is first stored.</summary>
    private sealed class StoredDay(DoctorDay day)
    {
        private DoctorDay _day = day;

        // Keeps the snapshot field of one doctor-day off the cache line of the next one's, which another thread may
        // be committing at the same time.
#pragma warning disable CS0169, IDE0051 // never read: it only takes space
        private readonly CacheLinePadding _padding;
#pragma warning restore CS0169, IDE0051

        public DoctorDay Day => Volatile.Read(ref _day);

        /// <summary>Replaces the snapshot if it is still at <paramref name="expectedVersion"/>.</summary>
        public bool TrySwap(long expectedVersion, DoctorDay next)
        {
            var current = Volatile.Read(ref _day);
            return current.Version == expectedVersion
                && Interlocked.CompareExchange(ref _day, next, current) == current;
        }
    }
}
