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

    public int Count => _cells.Count;

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
    public bool IsFresh(DoctorDayCell cell) =>
        !cell.IsStale && (maxAge is not { } age || time.GetElapsedTime(cell.ConfirmedAt) < age);

    /// <summary>A timestamp to date cached data with; 0 when nothing is ever too old, which spares a clock read per
    /// command.</summary>
    public long Timestamp() => maxAge is null ? 0 : time.GetTimestamp();

    /// <summary>Keeps a cell a writer has just committed its first change in. A cell a reader cached for the day
    /// meanwhile is replaced, and no longer counts as held.</summary>
    public void Register(DoctorDayCell cell)
    {
        cell.Registered = true;
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
    /// <param name="key">The doctor-day.</param>
    /// <param name="argument">What <paramref name="read"/> needs besides the day.</param>
    /// <param name="read">The read; it must not keep the state it is given.</param>
    /// <param name="ofKnownDoctor">Whether the doctor is in the registry: a day of theirs that nobody stored is then
    /// cached as empty (under the same freshness rule as stored days), so asking again costs no store round trip.
    /// Days of ids taken from a request are not, so made-up ids cost no memory.</param>
    /// <param name="cancellationToken">Cancels the wait for the store.</param>
    public ValueTask<T> ReadAsync<TArg, T>(
        PartitionKey key,
        TArg argument,
        Func<DayState, TArg, T> read,
        bool ofKnownDoctor,
        CancellationToken cancellationToken
    ) =>
        FindFresh(key) is { } cell
            ? new(cell.Read(argument, read))
            : ReadStoredAsync(key, argument, read, ofKnownDoctor, cancellationToken);

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
        bool ofKnownDoctor,
        CancellationToken cancellationToken
    )
    {
        // A day nobody has stored is read as one shared empty state instead of a new empty day each time.
        var day = await LoadKnownAsync(key, ofKnownDoctor, cancellationToken).ConfigureAwait(false);
        return read(day?.State ?? DayState.Unknown, argument);
    }

    private async ValueTask<DoctorDay> LoadAsync(PartitionKey key, CancellationToken cancellationToken) =>
        await LoadKnownAsync(key, cacheEmpty: false, cancellationToken).ConfigureAwait(false) ?? DoctorDay.Empty(key);

    /// <summary>Loads a doctor-day from the store and caches it if it is newer; <see langword="null"/> for a day
    /// neither the store nor the cache holds, unless <paramref name="cacheEmpty"/> caches it as an empty day.</summary>
    private async ValueTask<DoctorDay?> LoadKnownAsync(
        PartitionKey key,
        bool cacheEmpty,
        CancellationToken cancellationToken
    )
    {
        if (!DoctorId.IsValid(key.Doctor.Value))
        {
            return null;
        }

        var loaded = await store.LoadPartitionAsync(key, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            if (!cacheEmpty)
            {
                // Unknown days are not cached, so lookups of made-up ids cost no memory.
                return Find(key)?.Snapshot();
            }

            // Version 0: a writer that starts from it commits only if nobody stored the day meanwhile.
            loaded = DoctorDay.Empty(key);
        }

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
