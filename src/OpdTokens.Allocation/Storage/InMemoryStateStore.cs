using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace OpdTokens.Allocation.Storage;

/// <summary>The default store: keeps doctor-days in memory, for one process.</summary>
/// <remarks>
/// <para>A commit checks the doctor-day's version and applies the change's rows under that day's own lock, so two
/// engines sharing one instance behave like two app servers sharing a database; different doctor-days never wait for
/// each other. A load rebuilds a snapshot from the stored rows. Nothing survives a restart.</para>
/// <para>Days older than <see cref="InMemoryStateStoreOptions.RetentionDays"/> before the day of the latest commit
/// (as the committing engine's clock dated its events) are dropped once a day, so memory stays flat however long the
/// process runs.</para>
/// <para>Once <see cref="EnableOutbox"/> is called it keeps an outbox (<see cref="IOutboxStore"/>): a commit keeps a
/// reference to the change's events beside its rows, under the same lock, and the outbox's calls sort them into
/// per-doctor-day streams later, so the commit itself copies nothing. Like the rows, the outbox lives only as long as
/// the process.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed partial class InMemoryStateStore : IStateStore
{
    /// <summary>The stored rows of each doctor-day.</summary>
    private readonly ConcurrentDictionary<PartitionKey, StoredDay> _partitions = new();

    /// <summary>The doctor registry.</summary>
    private readonly ConcurrentDictionary<DoctorId, Doctor> _doctors = new();

    private readonly int _retentionDays;

    /// <summary>The day number of the last drop of old days.</summary>
    private int _prunedOn;

    /// <summary>Creates a store that keeps a week of days.</summary>
    public InMemoryStateStore()
        : this(null) { }

    /// <summary>Creates a store.</summary>
    /// <param name="options">The settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="InMemoryStateStoreOptions.RetentionDays"/> is not
    /// 1 to 3650.</exception>
    public InMemoryStateStore(InMemoryStateStoreOptions? options)
    {
        _retentionDays = options?.RetentionDays ?? new InMemoryStateStoreOptions().RetentionDays;
        ArgumentOutOfRangeException.ThrowIfLessThan(_retentionDays, 1, "options.RetentionDays");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_retentionDays, 3650, "options.RetentionDays");
    }

    /// <summary>Gets how many doctor-days the store holds.</summary>
    internal int DoctorDayCount => _partitions.Count;

    /// <inheritdoc />
    public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_partitions.TryGetValue(partition, out var stored) ? stored.Load() : null);
    }

    /// <inheritdoc />
    public ValueTask<long> GetPartitionVersionAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_partitions.TryGetValue(partition, out var stored) ? stored.Version : 0);
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        var stored =
            change.ExpectedVersion == 0
                ? _partitions.GetOrAdd(change.Partition, static key => new StoredDay(key))
                : _partitions.GetValueOrDefault(change.Partition);
        if (stored is null || !stored.TryApply(change, _outboxEnabled))
        {
            throw new ConcurrencyConflictException(change.Partition, change.ExpectedVersion, stored?.Version);
        }

        if (change.ExpectedVersion == 0 && !change.Events.IsEmpty)
        {
            // Only a new doctor-day can be the first of a new day, so the hot path of an existing day skips this. The
            // day is the engine's, from its events: the store has no clock of its own to disagree with it.
            PruneOnceADay(DateOnly.FromDateTime(change.Events[0].OccurredAt.UtcDateTime));
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
        var keys = _partitions
            .Where(p => p.Value.Version > 0 && (onDate is null || p.Key.Date == onDate.Value))
            .Select(p => p.Key)
            .Order()
            .ToImmutableArray();
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

    /// <summary>At the first new doctor-day of each day, drops the days past the retention.</summary>
    private void PruneOnceADay(DateOnly today)
    {
        var pruned = Volatile.Read(ref _prunedOn);
        if (today.DayNumber == pruned || Interlocked.CompareExchange(ref _prunedOn, today.DayNumber, pruned) != pruned)
        {
            return;
        }

        var oldest = (long)today.DayNumber - _retentionDays;
        foreach (var key in _partitions.Keys)
        {
            if (key.Date.DayNumber < oldest)
            {
                _partitions.TryRemove(key, out _);
            }
        }
    }

    /// <summary>A doctor-day's rows: tokens by sequence, slots by number, idempotency records and the header. Only
    /// references to the immutable models are kept, so a commit copies no token.</summary>
    private sealed class StoredDay(PartitionKey key)
    {
        private Token?[] _tokens = new Token?[16];
        private int _tokenLength;
        private Slot[] _slots = new Slot[8];
        private int _slotCount;
        private List<IdempotencyRecord>? _records;
        private TimeSpan _delay;
        private long _version;

        /// <summary>The snapshot the last load built, until the next commit: loads between commits share it.</summary>
        private DoctorDay? _loaded;

        /// <summary>1 while a commit or a load holds the day. Held for a few array writes (a load a little longer),
        /// and only engines sharing this store ever meet here, so a spin lock beats a monitor.</summary>
        private int _busy;

        // Keeps one doctor-day's lock and version off the cache line of the next one's, which another thread may
        // be committing at the same time.
#pragma warning disable CS0169, IDE0051 // never read: it only takes space
        private readonly CacheLinePadding _padding;
#pragma warning restore CS0169, IDE0051

        public long Version => Volatile.Read(ref _version);

        /// <summary>The events of committed changes not yet taken by the outbox, oldest first: references only, so a
        /// commit allocates nothing once the array has grown to the dispatcher's pace.</summary>
        private OutboxPart[] _outbox = [];
        private int _outboxCount;

        public PartitionKey Key => key;

        /// <summary>Whether commits left events for the outbox to take.</summary>
        public bool HasOutboxEvents => Volatile.Read(ref _outboxCount) > 0;

        /// <summary>Applies a change if the stored version is still the one it expects; with
        /// <paramref name="outbox"/>, keeps a reference to its events for the outbox in the same step.</summary>
        public bool TryApply(PartitionChange change, bool outbox)
        {
            Enter();
            try
            {
                if (_version != change.ExpectedVersion)
                {
                    return false;
                }

                // Indexed loops: an enumerator of the change's read-only lists would be allocated on every commit.
                var slots = change.Slots;
                for (var i = 0; i < slots.Count; i++)
                {
                    var slot = slots[i];
                    var index = slot.Id.Number - 1;
                    if (index >= _slots.Length)
                    {
                        Array.Resize(ref _slots, Math.Max(index + 1, _slots.Length * 2));
                    }

                    _slots[index] = slot;
                    _slotCount = Math.Max(_slotCount, index + 1);
                }

                var tokens = change.Tokens;
                for (var i = 0; i < tokens.Count; i++)
                {
                    var token = tokens[i];
                    var index = token.Sequence - 1;
                    if (index >= _tokens.Length)
                    {
                        Array.Resize(ref _tokens, Math.Max(index + 1, _tokens.Length * 2));
                    }

                    _tokens[index] = token;
                    _tokenLength = Math.Max(_tokenLength, index + 1);
                }

                if (change.IdempotencyRecords.Count > 0)
                {
                    (_records ??= []).AddRange(change.IdempotencyRecords);
                }

                if (outbox && change.Events.Length > 0)
                {
                    if (_outboxCount == _outbox.Length)
                    {
                        Array.Resize(ref _outbox, Math.Max(4, _outbox.Length * 2));
                    }

                    _outbox[_outboxCount] = new OutboxPart(change.NewVersion, change.Events);
                    Volatile.Write(ref _outboxCount, _outboxCount + 1);
                }

                _delay = change.Delay;
                _loaded = null;
                Volatile.Write(ref _version, change.NewVersion);
                return true;
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }
        }

        public DoctorDay? Load()
        {
            Enter();
            try
            {
                if (_version == 0)
                {
                    return null;
                }

                if (_loaded is not null)
                {
                    return _loaded;
                }

                var tokens = new List<Token>(_tokenLength);
                for (var i = 0; i < _tokenLength; i++)
                {
                    if (_tokens[i] is { } token)
                    {
                        tokens.Add(token);
                    }
                }

                return _loaded = DoctorDay.Create(key, _version, _delay, _slots[.._slotCount], tokens, _records);
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }
        }

        /// <summary>Hands the events kept for the outbox to <paramref name="take"/>, oldest first, and forgets
        /// them.</summary>
        public void DrainOutbox(List<OutboxPart> take)
        {
            Enter();
            try
            {
                for (var i = 0; i < _outboxCount; i++)
                {
                    take.Add(_outbox[i]);
                    _outbox[i] = default;
                }

                Volatile.Write(ref _outboxCount, 0);
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }
        }

        private void Enter()
        {
            var spinner = default(SpinWait);
            while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            {
                spinner.SpinOnce();
            }
        }
    }
}
