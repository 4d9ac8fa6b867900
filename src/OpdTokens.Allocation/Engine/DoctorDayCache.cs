using System.Collections.Concurrent;
using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation;

/// <summary>The doctor-days this engine holds, and the read side: snapshots and point reads served from the cache
/// while it is fresh, else from the store.</summary>
/// <remarks>The cache holds at most <c>maxCached</c> doctor-days: past that, the least recently used leave it (they
/// reload from the store when used again), so a long-running host's memory stays flat.</remarks>
internal sealed class DoctorDayCache(IStateStore store, TimeProvider time, TimeSpan? maxAge, int maxCached)
{
    /// <summary>Cells by doctor-day.</summary>
    private readonly ConcurrentDictionary<PartitionKey, DoctorDayCell> _cells = new();

    /// <summary>1 while one thread trims the cache.</summary>
    private int _trimming;

    /// <summary>The day number of the last eviction of past days; none yet (0 would be the first day of the
    /// calendar).</summary>
    private int _sweptOn = int.MinValue;

    /// <summary>Counts the cells added to the cache (a day loaded, or a writer's new cell registered).</summary>
    private long _cellsAdded;

    public int Count => _cells.Count;

    /// <summary>Moves on whenever a cell is added: a day found missing stays missing while it has not.</summary>
    public long CellsAdded => Volatile.Read(ref _cellsAdded);

    /// <summary>The cell of a doctor-day, fresh or not.</summary>
    public DoctorDayCell? Find(PartitionKey key)
    {
        if (!_cells.TryGetValue(key, out var cell))
        {
            return null;
        }

        cell.Touch();
        return cell;
    }

    /// <summary>The cell of a doctor-day if it may be served without asking the store.</summary>
    public DoctorDayCell? FindFresh(PartitionKey key) => Find(key) is { } cell && IsFresh(cell) ? cell : null;

    /// <summary>Whether a cell may be served: not shown stale by a conflict, and strictly younger than the maximum
    /// age (so a zero maximum age never serves the cache, even on a clock that has not moved).</summary>
    public bool IsFresh(DoctorDayCell cell) => !cell.IsStale && IsYoung(cell.ConfirmedAt);

    /// <summary>Whether a day found missing at <paramref name="cellsAdded"/> and <paramref name="timestamp"/> may still
    /// be served as missing: no cell was added since, and the finding is strictly younger than the maximum age, as
    /// for cells.</summary>
    public bool IsStillMissing(long cellsAdded, long timestamp) => cellsAdded == CellsAdded && IsYoung(timestamp);

    /// <summary>Whether something dated <paramref name="timestamp"/> is strictly younger than the maximum age.</summary>
    private bool IsYoung(long timestamp) => maxAge is not { } age || time.GetElapsedTime(timestamp) < age;

    /// <summary>A timestamp to date cached data with; 0 when nothing is ever too old, which spares a clock read per
    /// command.</summary>
    public long Timestamp() => maxAge is null ? 0 : time.GetTimestamp();

    /// <summary>Keeps a cell a writer has just committed its first change in. A cell a reader cached for the day
    /// meanwhile is replaced, and no longer counts as held.</summary>
    public void Register(DoctorDayCell cell)
    {
        cell.Registered = true;
        Interlocked.Increment(ref _cellsAdded);
        _cells.AddOrUpdate(
            cell.Key,
            static (_, cell) => cell,
            static (_, replaced, cell) =>
            {
                if (!ReferenceEquals(replaced, cell))
                {
                    replaced.Registered = false;
                }

                return cell;
            },
            cell
        );
        TrimIfFull();
    }

    /// <summary>Loads a doctor-day from the store whatever the cache holds, and caches it if it is newer.</summary>
    public ValueTask<DoctorDay> ReloadAsync(PartitionKey key, CancellationToken cancellationToken) =>
        LoadAsync(key, cancellationToken);

    /// <summary>A snapshot of a doctor-day: from the cache while fresh, else loaded from the store.</summary>
    public ValueTask<DoctorDay> GetAsync(PartitionKey key, CancellationToken cancellationToken) =>
        FindFresh(key) is { } cell ? new(cell.Snapshot()) : LoadAsync(key, cancellationToken);

    /// <summary>Reads something of a doctor-day's committed state without copying it: from the cache while fresh,
    /// else from a snapshot loaded from the store.</summary>
    public ValueTask<T> ReadAsync<TArg, T>(
        PartitionKey key,
        TArg argument,
        Func<DayState, TArg, T> read,
        CancellationToken cancellationToken
    ) =>
        FindFresh(key) is { } cell
            ? new(cell.Read(argument, read))
            : ReadStoredAsync(key, argument, read, cancellationToken);

    /// <summary>At the first commit of a new day, drops the cached doctor-days before yesterday: they are reloaded
    /// from the store if anyone asks, so a long-running host's cache stays about two days deep.</summary>
    public void EvictPastDaysOnceADay(DateOnly today)
    {
        var swept = Volatile.Read(ref _sweptOn);
        if (today.DayNumber == swept || Interlocked.CompareExchange(ref _sweptOn, today.DayNumber, swept) != swept)
        {
            return;
        }

        var yesterday = today == DateOnly.MinValue ? today : today.AddDays(-1);
        foreach (var key in _cells.Keys)
        {
            if (key.Date < yesterday && _cells.TryRemove(key, out var cell))
            {
                cell.Registered = false;
            }
        }
    }

    private async ValueTask<T> ReadStoredAsync<TArg, T>(
        PartitionKey key,
        TArg argument,
        Func<DayState, TArg, T> read,
        CancellationToken cancellationToken
    )
    {
        // A day nobody has stored (the alternatives search asks for a week of them per waitlisted request) is read
        // as one shared empty state instead of a new empty day each time.
        var day = await LoadKnownAsync(key, cancellationToken).ConfigureAwait(false);
        return read(day?.State ?? DayState.Unknown, argument);
    }

    private async ValueTask<DoctorDay> LoadAsync(PartitionKey key, CancellationToken cancellationToken) =>
        await LoadKnownAsync(key, cancellationToken).ConfigureAwait(false) ?? DoctorDay.Empty(key);

    /// <summary>Loads a doctor-day from the store and caches it if it is newer; <see langword="null"/> for a day
    /// neither the store nor the cache holds.</summary>
    private async ValueTask<DoctorDay?> LoadKnownAsync(PartitionKey key, CancellationToken cancellationToken)
    {
        if (!DoctorId.IsValid(key.Doctor.Value))
        {
            return null;
        }

        var loaded = await store.LoadPartitionAsync(key, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            // Unknown days are not cached, so lookups of made-up ids cost no memory.
            return Find(key)?.Snapshot();
        }

        Interlocked.Increment(ref _cellsAdded);
        var timestamp = Timestamp();
        var cell = _cells.GetOrAdd(
            key,
            static (_, state) => new DoctorDayCell(state.loaded, state.timestamp) { Registered = true },
            (loaded, timestamp)
        );
        TrimIfFull();
        return cell.Offer(loaded, timestamp);
    }

    /// <summary>Past the bound, drops the least recently used tenth of the cells; one thread at a time, and rarely:
    /// only a new doctor-day in the cache can overfill it.</summary>
    private void TrimIfFull()
    {
        if (_cells.Count <= maxCached || Interlocked.CompareExchange(ref _trimming, 1, 0) != 0)
        {
            return;
        }

        try
        {
            // Never more than all of them (maxCached / 10 <= maxCached); none when others emptied the cache meanwhile.
            var cells = _cells.Values.ToArray();
            var excess = cells.Length - maxCached + maxCached / 10;
            Array.Sort(cells, static (a, b) => a.LastUsed.CompareTo(b.LastUsed));
            for (var i = 0; i < excess; i++)
            {
                // A writer still using an evicted cell registers it again when it commits.
                cells[i].Registered = false;
                _cells.TryRemove(new KeyValuePair<PartitionKey, DoctorDayCell>(cells[i].Key, cells[i]));
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }
}
