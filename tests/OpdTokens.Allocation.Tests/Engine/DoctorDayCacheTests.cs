using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>The engine's cache of doctor-days: its bound (least recently used first), the daily sweep of past days,
/// and which cells it counts as held.</summary>
public sealed class DoctorDayCacheTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void A_full_cache_drops_its_least_recently_used_tenth_when_one_more_comes()
    {
        var cache = Cache(20);
        var cells = Enumerable.Range(0, 20).Select(d => Cell(Key(d))).ToArray();
        foreach (var cell in cells)
        {
            cache.Register(cell);
        }

        // At the bound nothing leaves.
        Assert.Equal(20, cache.Count);
        Assert.All(cells, c => Assert.True(c.Registered));

        // Uses are noted to the second: let one pass, then use all but the first three.
        Thread.Sleep(1100);
        foreach (var cell in cells.Skip(3))
        {
            Assert.Same(cell, cache.Find(cell.Key));
        }

        var newcomer = Cell(Key(20));
        cache.Register(newcomer);

        // 21 over a bound of 20: the one too many and a tenth of the bound leave, the least recently used.
        Assert.Equal(18, cache.Count);
        Assert.All(
            cells.Take(3),
            c =>
            {
                Assert.Null(cache.Find(c.Key));
                Assert.False(c.Registered);
            }
        );
        Assert.All(
            cells.Skip(3).Append(newcomer),
            c =>
            {
                Assert.Same(c, cache.Find(c.Key));
                Assert.True(c.Registered);
            }
        );

        // And again the next time it overfills.
        cache.Register(Cell(Key(21)));
        cache.Register(Cell(Key(22)));
        Assert.Equal(20, cache.Count);
        cache.Register(Cell(Key(23)));
        Assert.Equal(18, cache.Count);
    }

    [Fact]
    public async Task Days_loaded_from_the_store_are_held_and_count_toward_the_bound()
    {
        var store = new InMemoryStateStore();
        var days = new List<PartitionKey>();
        using (var h = Hospital.Open(store: store))
        {
            for (var d = 0; d < 17; d++)
            {
                var slot = await h.SlotAsync(await h.DoctorAsync("Dr " + d), 9, 10);
                days.Add(slot.Id.Partition);
            }
        }

        var cache = Cache(16, store: store);
        foreach (var day in days.Take(16))
        {
            Assert.Single((await cache.GetAsync(day, default)).Slots);
        }

        Assert.Equal(16, cache.Count);
        Assert.All(days.Take(16), d => Assert.True(cache.Find(d)!.Registered));

        // One more overfills it: two leave (all were used in the same second, so any two).
        Assert.Single((await cache.GetAsync(days[16], default)).Slots);
        Assert.Equal(15, cache.Count);
        Assert.Equal(15, days.Count(d => cache.Find(d) is { Registered: true }));
    }

    [Fact]
    public async Task A_day_nobody_stored_is_read_as_empty_and_not_held()
    {
        var cache = Cache(16);

        var slots = await cache.ReadAsync(Key(1), 0, static (day, _) => day.SlotCount, default);
        var token = await cache.ReadAsync(Key(1), new TokenId(Key(1), 1), static (day, id) => day.Find(id), default);

        Assert.Equal(0, slots);
        Assert.Null(token);
        Assert.Equal(0, cache.Count);
        Assert.Empty((await cache.GetAsync(Key(1), default)).Slots);
        Assert.Equal(Key(1), (await cache.GetAsync(Key(1), default)).Key);
    }

    [Fact]
    public async Task A_day_found_missing_stays_missing_until_a_cell_is_added_or_the_finding_is_as_old_as_the_maximum_age()
    {
        var clock = new ManualTimeProvider(Hospital.Opening);
        var cache = Cache(16, TimeSpan.FromSeconds(5), time: clock);
        var (added, timestamp) = (cache.CellsAdded, cache.Timestamp());
        await cache.ReadAsync(Key(1), 0, static (day, _) => day.SlotCount, default);

        var whileNothingChanged = cache.IsStillMissing(added, timestamp);
        clock.Advance(TimeSpan.FromSeconds(5));
        var onceOld = cache.IsStillMissing(added, timestamp);
        cache.Register(Cell(Key(2)));
        var afterAnAdd = cache.IsStillMissing(cache.CellsAdded - 1, cache.Timestamp());

        // Reading a missing day adds no cell; an added cell (of any day) means a missing one may be stored now.
        Assert.Equal((true, false, false), (whileNothingChanged, onceOld, afterAnAdd));
        Assert.True(cache.IsStillMissing(cache.CellsAdded, cache.Timestamp()));
    }

    [Fact]
    public async Task A_writers_cell_replaces_the_one_a_reader_cached_meanwhile_which_then_no_longer_counts_as_held()
    {
        var store = new InMemoryStateStore();
        var cache = Cache(16, store: store);
        await store.CommitAsync(new PartitionChange(Key(1), 0, default, [], [], [], default), default);
        await cache.GetAsync(Key(1), default);
        var readers = cache.Find(Key(1))!;
        var writers = Cell(Key(1));

        cache.Register(writers);
        cache.Register(writers);

        // The alternatives search keeps cells between searches and trusts only those still held.
        Assert.Same(writers, cache.Find(Key(1)));
        Assert.False(readers.Registered);
        Assert.True(writers.Registered);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Past_days_leave_once_a_day_and_yesterday_stays()
    {
        var cache = Cache(100);
        var twoDaysAgo = Cell(Key(1, -2));
        var yesterday = Cell(Key(1, -1));
        var today = Cell(Key(1));
        foreach (var cell in new[] { twoDaysAgo, yesterday, today })
        {
            cache.Register(cell);
        }

        cache.EvictPastDaysOnceADay(Today);

        Assert.Null(cache.Find(twoDaysAgo.Key));
        Assert.False(twoDaysAgo.Registered);
        Assert.Same(yesterday, cache.Find(yesterday.Key));
        Assert.True(yesterday.Registered);
        Assert.Same(today, cache.Find(today.Key));

        // Later the same day no sweep runs: a past day cached meanwhile stays until the next day's.
        var late = Cell(Key(2, -3));
        cache.Register(late);
        cache.EvictPastDaysOnceADay(Today);
        Assert.Same(late, cache.Find(late.Key));

        cache.EvictPastDaysOnceADay(Today.AddDays(1));
        Assert.Null(cache.Find(late.Key));
        Assert.Null(cache.Find(yesterday.Key));
        Assert.Same(today, cache.Find(today.Key));
    }

    [Fact]
    public void The_first_day_of_the_calendar_has_no_yesterday_and_keeps_its_own()
    {
        var cache = Cache(100);
        var first = Cell(new PartitionKey(new DoctorId("D1"), DateOnly.MinValue));
        cache.Register(first);

        cache.EvictPastDaysOnceADay(DateOnly.MinValue);

        Assert.Same(first, cache.Find(first.Key));
    }

    [Fact]
    public void Cached_data_is_dated_only_when_it_can_grow_too_old()
    {
        var clock = new ManualTimeProvider(Hospital.Opening);
        clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(0, Cache(16, time: clock).Timestamp());
        Assert.Equal(clock.GetTimestamp(), Cache(16, TimeSpan.FromSeconds(5), time: clock).Timestamp());
    }

    private static PartitionKey Key(int doctor, int dayOffset = 0) =>
        new(new DoctorId("D" + doctor), Today.AddDays(dayOffset));

    private static DoctorDayCell Cell(PartitionKey key) => new(DoctorDay.Empty(key), 0);

    private static DoctorDayCache Cache(
        int maxCached,
        TimeSpan? maxAge = null,
        IStateStore? store = null,
        TimeProvider? time = null
    ) => new(store ?? new InMemoryStateStore(), time ?? TimeProvider.System, maxAge, maxCached);
}
