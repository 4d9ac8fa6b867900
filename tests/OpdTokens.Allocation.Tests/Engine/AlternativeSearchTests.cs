using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>The alternatives search remembers a search of colleagues that found every day full and skips it for the
/// next request. These tests check that what it remembers never hides a seat a fresh search would offer.</summary>
public sealed class AlternativeSearchTests
{
    [Fact]
    public async Task A_seat_freed_in_a_colleagues_full_day_is_offered_to_the_next_waitlisted_request()
    {
        using var h = Hospital.Open(o => o.AlternativeDays = 0);
        var (doctor, nine) = await FullDoctorAsync(h, "Dr Rao");
        var (colleague, colleagueNine) = await FullDoctorAsync(h, "Dr Iyer");
        var colleagueTokens = await h.DayAsync(colleague);
        var first = await h.AllocateAsync(doctor, "First late comer", TokenSource.WalkIn, nine);

        var cancelled = await h.SetStatusAsync(colleagueTokens.Tokens.Single().Id, TokenStatus.Cancelled);
        var second = await h.AllocateAsync(doctor, "Second late comer", TokenSource.WalkIn, nine);

        Assert.True(cancelled.IsSuccess, cancelled.Error?.Message);
        Assert.Equal(AllocationOutcome.Waitlisted, first.Outcome);
        Assert.Empty(first.Alternatives);
        Assert.Equal(colleagueNine.Id, Assert.Single(second.Alternatives).SlotId);
    }

    [Fact]
    public async Task A_search_that_skipped_the_asking_doctors_free_seat_still_offers_it_to_a_colleague()
    {
        // Colleagues only: loading the following days would move the cache's epoch on between the two searches.
        using var h = Hospital.Open(o => o.AlternativeDays = 0);
        var (doctor, _) = await FullDoctorAsync(h, "Dr Rao");
        var ten = await h.SlotAsync(doctor, 10, 1);
        var (colleague, _) = await FullDoctorAsync(h, "Dr Iyer");
        var now = h.Clock.GetUtcNow();

        // The rules seat a request wherever its doctor has room, so a search from a doctor with a free seat (one freed
        // meanwhile, say) is called directly.
        var fromDoctor = await h.Engine.Alternatives.FindAsync(doctor, h.Today, now, default);
        var fromColleague = await h.Engine.Alternatives.FindAsync(colleague, h.Today, now, default);

        Assert.Empty(fromDoctor);
        Assert.Equal(ten.Id, Assert.Single(fromColleague).SlotId);
    }

    [Fact]
    public async Task With_a_maximum_age_a_seat_another_instance_freed_is_offered_once_the_cache_is_that_old()
    {
        var store = new InMemoryStateStore();
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var h = Hospital.Open(
            o =>
            {
                o.SnapshotMaxAge = TimeSpan.FromSeconds(5);
                o.AlternativeDays = 0;
            },
            store,
            clock: clock
        );
        using var other = Hospital.Open(store: store, clock: clock);
        var (doctor, _) = await FullDoctorAsync(h, "Dr Rao");
        var (colleague, colleagueNine) = await FullDoctorAsync(h, "Dr Iyer");

        // A lookup of an unknown doctor reloads the registry, so it stays fresh after the cached days are too old.
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(await h.Engine.GetDoctorAsync(new DoctorId("D404")));
        var first = await h.Engine.Alternatives.FindAsync(doctor, h.Today, clock.GetUtcNow(), default);

        // Only reads follow, so nothing in this engine's cache changes: only the age makes it look again.
        var colleagueDay = await other.Engine.GetDoctorDayAsync(new PartitionKey(colleague.Id, h.Today));
        var cancelled = await other.SetStatusAsync(colleagueDay.Tokens.Single().Id, TokenStatus.Cancelled);
        clock.Advance(TimeSpan.FromSeconds(2));
        var second = await h.Engine.Alternatives.FindAsync(doctor, h.Today, clock.GetUtcNow(), default);

        Assert.True(cancelled.IsSuccess, cancelled.Error?.Message);
        Assert.Empty(first);
        Assert.Equal(colleagueNine.Id, Assert.Single(second).SlotId);
    }

    [Fact]
    public async Task A_day_reloaded_for_a_refused_command_offers_the_seat_another_instance_freed()
    {
        var (h, other, clock) = TwoInstances();
        using var _ = h;
        using var __ = other;
        var (doctor, _) = await FullDoctorAsync(h, "Dr Rao");
        var (colleague, colleagueNine) = await FullDoctorAsync(h, "Dr Iyer");
        var colleagueToken = (await h.DayAsync(colleague)).Tokens.Single();
        Assert.Empty(await h.Engine.Alternatives.FindAsync(doctor, h.Today, clock.GetUtcNow(), default));

        (await other.SetStatusAsync(colleagueToken.Id, TokenStatus.Cancelled)).GetValueOrThrow();
        clock.Advance(TimeSpan.FromSeconds(5));
        var refused = await h.SetStatusAsync(colleagueToken.Id, TokenStatus.CheckedIn);
        var found = await h.Engine.Alternatives.FindAsync(doctor, h.Today, clock.GetUtcNow(), default);

        // The refusal reloaded the colleague's day and committed nothing: the reloaded day alone shows the seat.
        Refused.With(refused, AllocationErrorCode.InvalidTransition);
        Assert.Equal(colleagueNine.Id, Assert.Single(found).SlotId);
    }

    [Fact]
    public async Task A_day_a_reader_reloaded_offers_the_seat_another_instance_freed()
    {
        var (h, other, clock) = TwoInstances();
        using var _ = h;
        using var __ = other;
        var (doctor, _) = await FullDoctorAsync(other, "Dr Rao");
        var (colleague, colleagueNine) = await FullDoctorAsync(other, "Dr Iyer");
        var colleagueToken = (await h.DayAsync(colleague)).Tokens.Single();
        Assert.Empty(await h.Engine.Alternatives.FindAsync(doctor, h.Today, clock.GetUtcNow(), default));

        (await other.SetStatusAsync(colleagueToken.Id, TokenStatus.Cancelled)).GetValueOrThrow();
        clock.Advance(TimeSpan.FromSeconds(5));
        var reread = await h.DayAsync(colleague);
        var found = await h.Engine.Alternatives.FindAsync(doctor, h.Today, clock.GetUtcNow(), default);

        // This engine never wrote the colleague's day: it holds only the snapshots readers loaded.
        Assert.Equal(TokenStatus.Cancelled, reread.Tokens.Single().Status);
        Assert.Equal(colleagueNine.Id, Assert.Single(found).SlotId);
    }

    [Fact]
    public async Task A_cell_the_cache_no_longer_holds_is_not_trusted_by_the_next_search()
    {
        var store = new InMemoryStateStore();
        using var h = Hospital.Open(o => o.AlternativeDays = 0, store);
        using var other = Hospital.Open(store: store, clock: h.Clock);
        var (doctor, _) = await FullDoctorAsync(h, "Dr Rao");
        var (colleague, colleagueNine) = await FullDoctorAsync(h, "Dr Iyer");
        var key = new PartitionKey(colleague.Id, h.Today);
        Assert.Empty(await h.Engine.Alternatives.FindAsync(doctor, h.Today, h.Clock.GetUtcNow(), default));

        // The search kept the colleague's full cell; the cache now holds another, with a seat free.
        var colleagueToken = (await h.DayAsync(colleague)).Tokens.Single();
        (await other.SetStatusAsync(colleagueToken.Id, TokenStatus.Cancelled)).GetValueOrThrow();
        h.Engine.Cache.Register(new DoctorDayCell((await store.LoadPartitionAsync(key, default))!, 0));
        var found = await h.Engine.Alternatives.FindAsync(doctor, h.Today, h.Clock.GetUtcNow(), default);

        Assert.Equal(colleagueNine.Id, Assert.Single(found).SlotId);
    }

    /// <summary>An engine that caches for 5 seconds and searches colleagues only, and a second instance on its
    /// store.</summary>
    private static (Hospital Cached, Hospital Other, ManualTimeProvider Clock) TwoInstances()
    {
        var store = new InMemoryStateStore();
        var clock = new ManualTimeProvider(Hospital.Opening);
        var cached = Hospital.Open(
            o =>
            {
                o.SnapshotMaxAge = TimeSpan.FromSeconds(5);
                o.AlternativeDays = 0;
            },
            store,
            clock: clock
        );
        return (cached, Hospital.Open(store: store, clock: clock), clock);
    }

    [Fact]
    public async Task A_registered_doctors_days_nobody_stored_are_asked_of_the_store_once()
    {
        var store = new ObservedStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(o => o.AlternativeDays = 2, store);
        var (doctor, nine) = await FullDoctorAsync(h, "Dr Rao");
        var tomorrow = new PartitionKey(doctor.Id, h.Today.AddDays(1));
        var dayAfter = new PartitionKey(doctor.Id, h.Today.AddDays(2));
        store.ForgetCalls();

        await h.AllocateAsync(doctor, "First late comer", TokenSource.WalkIn, nine);
        var firstLoads = Loads(store);
        store.ForgetCalls();
        await h.AllocateAsync(doctor, "Second late comer", TokenSource.WalkIn, nine);

        Assert.Equal([tomorrow, dayAfter], firstLoads);
        Assert.Empty(Loads(store));
    }

    [Fact]
    public async Task A_day_added_after_a_search_found_it_missing_is_offered_by_the_next_search()
    {
        using var h = Hospital.Open(o => o.AlternativeDays = 1);
        var (doctor, nine) = await FullDoctorAsync(h, "Dr Rao");
        var first = await h.AllocateAsync(doctor, "First late comer", TokenSource.WalkIn, nine);

        var tomorrow = await h.SlotAsync(doctor, 9, 2, dayOffset: 1);
        var second = await h.AllocateAsync(doctor, "Second late comer", TokenSource.WalkIn, nine);

        Assert.Empty(first.Alternatives);
        Assert.Equal(tomorrow.Id, Assert.Single(second.Alternatives).SlotId);
    }

    [Fact]
    public async Task What_the_search_remembers_stays_bounded_however_many_days_it_searches()
    {
        using var h = Hospital.Open(o => o.AlternativeDays = 1);
        var (doctor, _) = await FullDoctorAsync(h, "Dr Rao");
        var search = h.Engine.Alternatives;
        var most = 0;

        // Each day searched from adds two sets (the doctor's following day, the specialty's day): 22 past the bound.
        for (var day = 0; day < AlternativeSearch.MaxSearched / 2 + 11; day++)
        {
            await search.FindAsync(doctor, h.Today.AddDays(day), h.Clock.GetUtcNow(), default);
            most = Math.Max(most, search.RememberedSets);
        }

        // Past the bound it starts afresh and remembers again.
        Assert.Equal(AlternativeSearch.MaxSearched, most);
        Assert.Equal(22, search.RememberedSets);
    }

    [Fact]
    public async Task A_day_with_more_free_slots_than_asked_for_gives_only_as_many()
    {
        using var h = Hospital.Open(o => o.AlternativeDays = 0);
        var (doctor, _) = await FullDoctorAsync(h, "Dr Rao");
        var (colleague, _) = await FullDoctorAsync(h, "Dr Iyer");
        var free = new List<Slot>();
        for (var hour = 10; hour <= 14; hour++)
        {
            free.Add(await h.SlotAsync(colleague, hour, 1));
        }

        var found = await h.Engine.Alternatives.FindAsync(doctor, h.Today, h.Clock.GetUtcNow(), default);

        Assert.Equal(free.Take(3).Select(s => s.Id), found.Select(a => a.SlotId));
    }

    [Fact]
    public async Task A_search_from_the_last_days_of_the_calendar_looks_only_at_the_days_there_are()
    {
        using var h = Hospital.Open();
        var (doctor, _) = await FullDoctorAsync(h, "Dr Rao");

        var found = await h.Engine.Alternatives.FindAsync(
            doctor,
            DateOnly.MaxValue.AddDays(-1),
            h.Clock.GetUtcNow(),
            default
        );

        Assert.Empty(found);
    }

    [Fact]
    public async Task A_day_found_missing_then_loaded_by_a_reader_is_searched_again()
    {
        var store = new InMemoryStateStore();
        using var h = Hospital.Open(o => o.AlternativeDays = 1, store);
        using var other = Hospital.Open(store: store, clock: h.Clock);
        var (doctor, _) = await FullDoctorAsync(h, "Dr Rao");
        Assert.Empty(await h.Engine.Alternatives.FindAsync(doctor, h.Today, h.Clock.GetUtcNow(), default));

        // Stored by another instance, then read here: the read caches the day, which ends the note that it is missing.
        var tomorrow = await other.SlotAsync(doctor, 9, 2, dayOffset: 1);
        await h.DayAsync(doctor, h.Today.AddDays(1));
        var found = await h.Engine.Alternatives.FindAsync(doctor, h.Today, h.Clock.GetUtcNow(), default);

        Assert.Equal(tomorrow.Id, Assert.Single(found).SlotId);
    }

    [Fact]
    public void Searched_days_are_the_same_only_for_the_same_doctor_or_array_and_the_same_day()
    {
        object first = new Doctor[1];
        object second = new Doctor[1];
        var day = new DateOnly(2026, 12, 5);

        Assert.Equal(new SearchedDays(first, day), new SearchedDays(first, day));
        Assert.NotEqual(new SearchedDays(first, day), new SearchedDays(second, day));
        Assert.NotEqual(new SearchedDays(first, day), new SearchedDays(first, day.AddDays(1)));
    }

    private static PartitionKey[] Loads(ObservedStateStore store) =>
        [.. store.Calls.Where(c => c.Operation == "LoadPartitionAsync").Select(c => c.Partition!.Value)];

    /// <summary>A cardiologist with one nine o'clock seat, taken by a paid booking a walk-in cannot bump.</summary>
    private static async Task<(Doctor Doctor, Slot Nine)> FullDoctorAsync(Hospital h, string name)
    {
        var doctor = await h.DoctorAsync(name, "Cardiology");
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.FillAsync(doctor, nine, TokenSource.Paid);
        return (doctor, nine);
    }
}
