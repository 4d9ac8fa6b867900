using System.Collections.Concurrent;
using System.Collections.Immutable;
using OpdTokens.Allocation.Core;

namespace OpdTokens.Allocation;

/// <summary>Finds slots to offer a request that was waitlisted or refused: the same doctor on the following days,
/// then the other active doctors of the same specialty on the same day.</summary>
/// <remarks>Cached doctor-days are read in place (a full day is skipped by its free-seat count without looking at its
/// slots); only days the engine does not hold are asked of the store. What a search found (a day's cell, or that
/// nobody stored it) is kept for the next search of the same days.</remarks>
internal sealed class AlternativeSearch(
    DoctorDayCache cache,
    DoctorRegistry registry,
    int followingDays,
    int maxAlternatives
)
{
    /// <summary>How many sets of days <see cref="_searched"/> keeps before it starts afresh.</summary>
    internal const int MaxSearched = 16_384;

    /// <summary>What the last searches found, by the days they read. Cleared when it grows past
    /// <see cref="MaxSearched"/>: a registry change leaves sets of days nobody asks for again.</summary>
    private readonly ConcurrentDictionary<SearchedDays, SearchedCells> _searched = new();

    /// <summary>Sets of days added to <see cref="_searched"/> since it was last cleared.</summary>
    private int _added;

    // Stryker disable once Equality : equivalent; a search for none finds none, it only costs the search.
    public bool IsEnabled => maxAlternatives > 0;

    /// <summary>How many sets of days the search remembers now.</summary>
    internal int RememberedSets => _searched.Count;

    public async ValueTask<ImmutableArray<Alternative>> FindAsync(
        Doctor doctor,
        DateOnly date,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var found = ImmutableArray.CreateBuilder<Alternative>(maxAlternatives);
        var days = Math.Min(followingDays, DateOnly.MaxValue.DayNumber - date.DayNumber);
        var following = CellsOf(doctor, date, days);
        for (var i = 0; i < days; i++)
        {
            // Stryker disable once Block : equivalent; without the early return each day's own stop adds nothing more.
            if (found.Count == maxAlternatives)
            {
                return found.MoveToImmutable();
            }

            var day = new PartitionKey(doctor.Id, date.AddDays(i + 1));
            // Stryker disable once Boolean : equivalent; the search completes on the caller's thread when it can.
            await CollectAsync(following, i, day, now, found, cancellationToken).ConfigureAwait(false);
        }

        // On a busy day every waitlisted request looks at all of them.
        // Stryker disable once Boolean : equivalent; the registry answers on the caller's thread when it can.
        var colleagues = await registry.SameSpecialtyAsync(doctor, cancellationToken).ConfigureAwait(false);
        var cells = CellsOf(colleagues, date, colleagues.Length);
        for (var i = 0; i < colleagues.Length; i++)
        {
            // Stryker disable once Block : equivalent; without the early return each day's own stop adds nothing more.
            if (found.Count == maxAlternatives)
            {
                return found.MoveToImmutable();
            }

            if (colleagues[i].Id != doctor.Id)
            {
                var day = new PartitionKey(colleagues[i].Id, date);
                // Stryker disable once Boolean : equivalent, as above.
                await CollectAsync(cells, i, day, now, found, cancellationToken).ConfigureAwait(false);
            }
        }

        // Stryker disable once Conditional : equivalent; both give the same alternatives, one without a copy.
        return found.Count == found.Capacity ? found.MoveToImmutable() : found.ToImmutable();
    }

    /// <summary>What the last search found of these days, or a new empty set of them.</summary>
    private SearchedCells CellsOf(object of, DateOnly date, int count)
    {
        var days = new SearchedDays(of, date);
        // The same days are always as many: a doctor's following days from one date, or one array's doctors.
        if (_searched.TryGetValue(days, out var cells))
        {
            return cells;
        }

        cells = new SearchedCells(count);
        if (Interlocked.Increment(ref _added) > MaxSearched)
        {
            _searched.Clear();
            Volatile.Write(ref _added, 1);
        }

        _searched[days] = cells;
        return cells;
    }

    /// <summary>Adds the alternatives of one doctor-day. A full day the cache holds fresh is skipped by its free-seat
    /// count without being read, and a day nobody stored is asked of the store once, not at every search, so after
    /// the first search the whole search runs on what the last one found, without waiting.</summary>
    private ValueTask CollectAsync(
        SearchedCells cells,
        int index,
        PartitionKey key,
        DateTimeOffset now,
        ImmutableArray<Alternative>.Builder found,
        CancellationToken cancellationToken
    )
    {
        // Cells used this way are not touched for the cache's least-recently-used bound: reading the clock for each
        // would cost more than the lookup saved. An evicted cell is looked up again.
        switch (cells[index])
        {
            case DoctorDayCell { Registered: true } held when cache.IsFresh(held):
                CollectFrom(held, now, found);
                return ValueTask.CompletedTask;
            case MissingDay missing when cache.IsStillMissing(missing.CellsAdded, missing.Timestamp):
                return ValueTask.CompletedTask;
        }

        if (cache.FindFresh(key) is { } cell)
        {
            cells[index] = cell;
            CollectFrom(cell, now, found);
            return ValueTask.CompletedTask;
        }

        return CollectStoredAsync(cells, index, key, now, found, cancellationToken);
    }

    private void CollectFrom(DoctorDayCell cell, DateTimeOffset now, ImmutableArray<Alternative>.Builder found)
    {
        // Stryker disable once Equality : equivalent; a full day read finds nothing, it only costs the read.
        if (cell.FreeSeats > 0)
        {
            cell.Read((now, maxAlternatives, found), Collect);
        }
    }

    private async ValueTask CollectStoredAsync(
        SearchedCells cells,
        int index,
        PartitionKey key,
        DateTimeOffset now,
        ImmutableArray<Alternative>.Builder found,
        CancellationToken cancellationToken
    )
    {
        // Noted before the store is asked: a stored day is cached by the read, which adds a cell and so ends the
        // note at once; a day found nowhere stays noted as missing.
        var missing = new MissingDay(cache.CellsAdded, cache.Timestamp());
        await cache.ReadAsync(key, (now, maxAlternatives, found), Collect, cancellationToken).ConfigureAwait(false);
        cells[index] = missing;
    }

    private static bool Collect(
        DayState day,
        (DateTimeOffset Now, int Max, ImmutableArray<Alternative>.Builder Found) a
    )
    {
        AlternativeFinder.Collect(day, a.Now, a.Max, a.Found);
        // Stryker disable once Boolean : equivalent; a read must answer something, and nobody looks at this answer.
        return true;
    }
}
