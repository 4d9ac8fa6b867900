using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using OpdTokens.Allocation.Core;

namespace OpdTokens.Allocation;

/// <summary>Finds slots to offer a request that was waitlisted or refused: the same doctor on the following days,
/// then the other active doctors of the same specialty on the same day.</summary>
/// <remarks>Cached doctor-days are read in place (a full day is skipped by its free-seat count without looking at its
/// slots); only days the engine does not hold are asked of the store, once (days of registered doctors that nobody
/// stored are cached as empty). The cells found are kept for the next search of the same days.</remarks>
internal sealed class AlternativeSearch(
    DoctorDayCache cache,
    DoctorRegistry registry,
    int followingDays,
    int maxAlternatives
)
{
    /// <summary>The cells of the last searches, by what they searched and the day; a small table, where a later
    /// search overwrites an earlier one that falls in the same entry.</summary>
    private readonly SearchedCells?[] _searched = new SearchedCells?[256];

    public bool IsEnabled => maxAlternatives > 0;

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
        for (var i = 0; i < days && found.Count < maxAlternatives; i++)
        {
            await CollectAsync(
                    following,
                    i,
                    new PartitionKey(doctor.Id, date.AddDays(i + 1)),
                    now,
                    found,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        if (found.Count < maxAlternatives)
        {
            // On a busy day every waitlisted request looks at all of them.
            var colleagues = await registry.SameSpecialtyAsync(doctor, cancellationToken).ConfigureAwait(false);
            var cells = CellsOf(colleagues, date, colleagues.Length);
            for (var i = 0; i < colleagues.Length && found.Count < maxAlternatives; i++)
            {
                if (colleagues[i].Id != doctor.Id)
                {
                    await CollectAsync(
                            cells,
                            i,
                            new PartitionKey(colleagues[i].Id, date),
                            now,
                            found,
                            cancellationToken
                        )
                        .ConfigureAwait(false);
                }
            }
        }

        return found.Count == found.Capacity ? found.MoveToImmutable() : found.ToImmutable();
    }

    /// <summary>The cells last found for these days, or a new empty set of them.</summary>
    private SearchedCells CellsOf(object owner, DateOnly date, int count)
    {
        var entry = (RuntimeHelpers.GetHashCode(owner) ^ date.DayNumber) & (_searched.Length - 1);
        if (Volatile.Read(ref _searched[entry]) is not { } cells || !cells.AreOf(owner, date, count))
        {
            cells = new SearchedCells(owner, date, count);
            Volatile.Write(ref _searched[entry], cells);
        }

        return cells;
    }

    /// <summary>Adds the alternatives of one doctor-day. A full day the cache holds fresh is skipped by its free-seat
    /// count without being read; the doctors searched are in the registry, so their days that nobody stored are cached
    /// as empty, and after the first search the whole search runs on the cache, without waiting.</summary>
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
        if (cells[index] is not { Registered: true } cell || !cache.IsFresh(cell))
        {
            cell = cache.FindFresh(key);
            cells[index] = cell;
            if (cell is null)
            {
                var read = cache.ReadAsync(
                    key,
                    (now, maxAlternatives, found),
                    Collect,
                    ofKnownDoctor: true,
                    cancellationToken
                );
                return read.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(read.AsTask());
            }
        }

        if (cell.FreeSeats > 0)
        {
            cell.Read((now, maxAlternatives, found), Collect);
        }

        return ValueTask.CompletedTask;
    }

    private static bool Collect(
        DayState day,
        (DateTimeOffset Now, int Max, ImmutableArray<Alternative>.Builder Found) a
    )
    {
        AlternativeFinder.Collect(day, a.Now, a.Max, a.Found);
        return true;
    }
}
