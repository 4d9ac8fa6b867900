using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>Readers get the last published snapshot; snapshots never change once published.</summary>
public sealed class SnapshotPublicationTests
{
    [Fact]
    public async Task Reads_return_the_published_snapshot_until_a_change_publishes_the_next_one()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var first = await h.DayAsync(doctor);
        Assert.Same(first, await h.Engine.GetDoctorDayAsync(first.Key));

        await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine);
        var second = await h.DayAsync(doctor);

        Assert.NotSame(first, second);
        Assert.Equal((1L, 2L), (first.Version, second.Version));
        Assert.Empty(first.Tokens);
        Assert.Equal(0, first.GetOccupancy(nine.Id));
        Assert.Equal(1, second.GetOccupancy(nine.Id));
        Assert.Same(second, await h.DayAsync(doctor));
    }

    [Fact]
    public async Task Unknown_days_read_as_empty_and_are_not_stored()
    {
        using var h = Hospital.Open();
        var key = new PartitionKey(new DoctorId("D404"), h.Today);

        var day = await h.Engine.GetDoctorDayAsync(key);
        var invalid = await h.Engine.GetDoctorDayAsync(default);

        Assert.Equal((0L, key), (day.Version, day.Key));
        Assert.Equal(0L, invalid.Version);
        Assert.Null(await h.Engine.GetTokenAsync(new TokenId(key, 1)));
        Assert.Empty(await h.Engine.GetDoctorDaysAsync(null));
    }

    [Fact]
    public async Task Engine_reads_what_is_already_in_its_store()
    {
        var store = new InMemoryStateStore();
        using (var first = Hospital.Open(store: store))
        {
            var doctor = await first.DoctorAsync();
            await first.SlotAsync(doctor, 9, 2);
            await first.AllocateAsync(doctor, "Asha", TokenSource.Online);
        }

        using var second = Hospital.Open(store: store);
        var doctors = await second.Engine.GetDoctorsAsync();
        var day = await second.DayAsync(doctors.Single());
        var token = (await second.Engine.FindTokenByNumberAsync("DOCD1-20261121-0001"))!;

        Assert.Equal((2L, 1), (day.Version, day.Tokens.Count));
        Assert.Equal(TokenStatus.Allocated, token.Status);
        Assert.Equal([day.Key], (await second.Engine.GetDoctorDaysAsync(second.Today)).Select(d => d.Key).ToArray());
        Assert.Empty(await second.Engine.GetDoctorDaysAsync(second.Today.AddDays(1)));
    }

    [Fact]
    public async Task Cached_snapshot_serves_reads_until_the_configured_age_then_reloads()
    {
        var store = new InMemoryStateStore();
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var writer = Hospital.Open(store: store, clock: clock);
        using var reader = Hospital.Open(o => o.SnapshotMaxAge = TimeSpan.FromSeconds(5), store, clock: clock);
        var doctor = await writer.DoctorAsync();
        await writer.SlotAsync(doctor, 9, 2);
        var seen = await reader.DayAsync(doctor);

        await writer.AllocateAsync(doctor, "Asha", TokenSource.Online);
        var cached = await reader.DayAsync(doctor);
        clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        var stillCached = await reader.DayAsync(doctor);
        clock.Advance(TimeSpan.FromTicks(1));
        var reloaded = await reader.DayAsync(doctor);

        Assert.Same(seen, cached);
        Assert.Same(seen, stillCached);
        Assert.Equal(2L, reloaded.Version);
    }

    [Fact]
    public async Task Reload_that_finds_the_day_unchanged_serves_it_from_the_cache_for_another_full_age()
    {
        var store = new ObservedStateStore(new InMemoryStateStore());
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var h = Hospital.Open(o => o.SnapshotMaxAge = TimeSpan.FromSeconds(5), store, clock: clock);
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);
        var key = new PartitionKey(doctor.Id, h.Today);
        clock.Advance(TimeSpan.FromSeconds(5));
        store.ForgetCalls();

        await h.DayAsync(doctor);
        clock.Advance(TimeSpan.FromSeconds(4));
        await h.DayAsync(doctor);

        Assert.Equal([new StoreCall("LoadPartitionAsync", key)], store.Calls);
    }

    [Fact]
    public async Task Zero_snapshot_age_reads_through_to_the_store_every_time()
    {
        var store = new InMemoryStateStore();
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var writer = Hospital.Open(store: store, clock: clock);
        using var reader = Hospital.Open(o => o.SnapshotMaxAge = TimeSpan.Zero, store, clock: clock);
        var doctor = await writer.DoctorAsync();
        await writer.SlotAsync(doctor, 9, 2);
        Assert.Equal(1L, (await reader.DayAsync(doctor)).Version);

        var token = (await writer.AllocateAsync(doctor, "Asha", TokenSource.Online)).Token;
        var checkIn = await reader.SetStatusAsync(token.Id, TokenStatus.CheckedIn);

        Assert.True(checkIn.IsSuccess, checkIn.Error?.Message);
        Assert.Equal(3L, (await reader.Engine.GetDoctorDayAsync(token.Partition)).Version);
        Assert.Equal(3L, (await store.LoadPartitionAsync(token.Partition, default))!.Version);
    }

    [Fact]
    public async Task Stale_cache_without_a_maximum_age_is_refused_at_commit_and_the_command_re_run()
    {
        var store = new InMemoryStateStore();
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var first = Hospital.Open(store: store, clock: clock);
        using var second = Hospital.Open(store: store, clock: clock);
        var doctor = await first.DoctorAsync();
        var nine = await first.SlotAsync(doctor, 9, 1);
        await second.DayAsync(doctor);

        var taken = await first.AllocateAsync(doctor, "First", TokenSource.Online, nine);
        var late = await second.AllocateAsync(doctor, "Second", TokenSource.Online, nine);

        Assert.Equal(nine.Id, taken.Token.SlotId);
        Assert.Equal(AllocationOutcome.Waitlisted, late.Outcome);
        Assert.Equal(2, late.Token.Sequence);
        var stored = (await store.LoadPartitionAsync(nine.Id.Partition, default))!;
        Assert.Equal((3L, 1), (stored.Version, stored.GetOccupancy(nine.Id)));
    }

    [Fact]
    public void Engine_defaults_to_a_power_of_two_stripe_count_of_at_least_four_per_processor()
    {
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions());
        using var single = new AllocationEngine(new OpdTokenAllocationOptions { LockStripes = 1 });

        Assert.True(engine.StripeCount >= 4 * Environment.ProcessorCount);
        Assert.Equal(0, engine.StripeCount & (engine.StripeCount - 1));
        Assert.Equal(1, single.StripeCount);
    }

    [Fact]
    public async Task Today_follows_the_configured_time_zone()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 20, 0, 0, TimeSpan.Zero));
        using var kolkata = Hospital.Open(o => o.TimeZoneId = "Asia/Kolkata", clock: clock);
        using var utc = Hospital.Open(clock: clock);
        var doctor = await kolkata.DoctorAsync();

        var slot = await kolkata.SlotAsync(doctor, 9, 2);

        Assert.Equal(new DateOnly(2026, 11, 22), kolkata.Today);
        Assert.Equal(new DateOnly(2026, 11, 21), utc.Today);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.FromHours(5.5)), slot.StartsAt);
    }

    [Fact]
    public async Task Commands_honour_cancellation()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, h.Today, new(9, 0), new(10, 0), 2), cancelled.Token)
        );
        Assert.Empty(await h.Engine.GetDoctorDaysAsync(null));
    }

    [Fact]
    public async Task Days_before_yesterday_leave_the_cache_on_a_new_day_and_reload_from_the_store_when_read()
    {
        using var h = Hospital.Open(store: new InMemoryStateStore());
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine);
        var past = await h.DayAsync(doctor);
        var later = await h.SlotAsync(doctor, 9, 2, dayOffset: 3);
        Assert.Equal(2, h.Engine.CachedDoctorDays);

        h.Clock.Advance(TimeSpan.FromDays(3));
        await h.AllocateAsync(doctor, "Ravi", TokenSource.Online, later);
        var cachedAfterNewDay = h.Engine.CachedDoctorDays;
        var reread = await h.Engine.GetDoctorDayAsync(past.Key);

        Assert.Equal(1, cachedAfterNewDay);
        DoctorDayAssert.Equivalent(past, reread);
        Assert.Equal(2, h.Engine.CachedDoctorDays);
    }
}
