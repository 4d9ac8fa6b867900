using System.Collections.Concurrent;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;
using static OpdTokens.Allocation.Diagnostics.AllocationTelemetry;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>Many writers at once: invariants 1 to 7 hold, the counters add up, and the result is the one a serial
/// order of the committed commands gives.</summary>
public sealed class ConcurrencyTests
{
    private const int Desks = 8;
    private const int CommandsPerDesk = 250;

    [Fact]
    public async Task A_writer_waits_for_the_stripe_a_slow_commit_holds_and_can_be_cancelled_while_it_waits()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(o => o.LockStripes = 1, store);
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 10);

        store.HoldCommits();
        var first = h.Engine.AllocateAsync(Hospital.Request(doctor, "Asha", TokenSource.Online)).AsTask();
        await store.CommitHeld.Task;
        var second = h.Engine.AllocateAsync(Hospital.Request(doctor, "Ravi", TokenSource.Online)).AsTask();
        using var cancel = new CancellationTokenSource();
        var third = h.Engine.AllocateAsync(Hospital.Request(doctor, "Meena", TokenSource.Online), cancel.Token);

        // The first commit holds the only stripe: the others wait for it, however long it takes.
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await third);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await h.Engine.AllocateAsync(Hospital.Request(doctor, "Kiran", TokenSource.Online), cancel.Token)
        );
        Assert.False(first.IsCompleted);

        store.ReleaseCommits();
        var seated = new[] { (await first).GetValueOrThrow(), (await second).GetValueOrThrow() };

        var day = await h.DayAsync(doctor);
        Assert.Equal([1, 2], seated.Select(r => r.Token.Sequence));
        Assert.Equal(2, day.Tokens.Count);
        Assert.Equal(3, day.Version); // the slot and the two allocations
    }

    [Fact]
    public async Task Many_writers_against_few_doctors_keep_every_invariant_and_the_counters_add_up()
    {
        using var h = Hospital.Open(o => o.LockStripes = 4);
        using var metrics = new MetricsRecorder(h.Engine.Meter);
        var player = new CommandPlayer();
        var doctors = await SetUpAsync(h, player, 3);
        var tokens = new ConcurrentBag<TokenId>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var desks = Enumerable
            .Range(0, Desks)
            .Select(seed =>
                Task.Run(() =>
                    new RandomDesk(h.Engine, player, doctors, h.Today, tokens, seed).RunAsync(
                        CommandsPerDesk,
                        start.Task
                    )
                )
            )
            .ToList();
        start.SetResult();
        await Task.WhenAll(desks);

        var days = await h.Engine.GetDoctorDaysAsync(null);
        foreach (var day in days)
        {
            Invariants.Check(day, h.Clock.GetUtcNow(), h.Options);
        }

        var all = days.SelectMany(d => d.Tokens).ToList();
        var events = h.Events.All;
        Assert.True(all.Count > 100, $"only {all.Count} tokens were created");
        Assert.Equal(all.Count, metrics.Total(Allocations) - metrics.Total(Allocations, "rejected"));
        Assert.Equal(player.Rejections, metrics.Total(Allocations, "rejected"));
        Assert.Equal(all.Count(t => t.Status == TokenStatus.Cancelled), metrics.Total(Cancellations));
        Assert.Equal(all.Count(t => t.Status == TokenStatus.NoShow), metrics.Total(NoShows));
        Assert.Equal(all.Sum(t => t.BumpCount), metrics.Total(Bumps));
        Assert.Equal(all.Count(t => t.IsOverflow), metrics.Total(Overflows));
        Assert.Equal(events.OfType<TokenPromoted>().Count(), metrics.Total(Promotions));
        Assert.Equal(0, metrics.Total(Conflicts));

        using var serial = Hospital.Open(o => o.LockStripes = 4);
        await RegisterAsync(serial, 3);
        await player.ReplaySeriallyAsync(h.Events.Batches, serial);
    }

    [Theory]
    [InlineData(50, 10)]
    [InlineData(12, 20)]
    [InlineData(40, 40)]
    public async Task Parallel_requests_for_one_slot_leave_exactly_min_of_requests_and_capacity_seat_holders(
        int requests,
        int capacity
    )
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var slot = await h.SlotAsync(doctor, 9, capacity);

        var results = await Task.WhenAll(
            Enumerable
                .Range(0, requests)
                .Select(i =>
                    Task.Run(async () =>
                        (
                            await h.Engine.AllocateAsync(Hospital.Request(doctor, $"P{i}", TokenSource.WalkIn, slot))
                        ).GetValueOrThrow()
                    )
                )
        );

        var day = await h.DayAsync(doctor);
        var seated = Math.Min(requests, capacity);
        Assert.Equal(seated, day.GetOccupancy(slot.Id));
        Assert.Equal(seated, results.Count(r => r.Outcome == AllocationOutcome.Allocated));
        Assert.Equal(requests - seated, day.Waitlist.Count);
        Assert.Equal(Enumerable.Range(1, requests), results.Select(r => r.Token.Sequence).Order());
        Assert.All(results, r => Assert.Null(r.BumpedToken));
        Invariants.Check(day, h.Clock.GetUtcNow(), h.Options);
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_idempotency_key_create_exactly_one_token()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var slot = await h.SlotAsync(doctor, 9, 5);
        var request = Hospital.Request(doctor, "Asha", TokenSource.Online, slot) with { IdempotencyKey = "retry-1" };

        var results = await Task.WhenAll(
            Enumerable
                .Range(0, 20)
                .Select(_ => Task.Run(async () => (await h.Engine.AllocateAsync(request)).GetValueOrThrow()))
        );

        Assert.Single(results.Select(r => r.Token.Id).Distinct());
        Assert.Single(results, r => !r.IsReplay);
        Assert.Single((await h.DayAsync(doctor)).Tokens);
    }

    [Fact]
    public async Task Two_engines_sharing_one_store_keep_the_invariants_and_the_capacity_bound()
    {
        var store = new InMemoryStateStore();
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var first = Hospital.Open(o => o.MaxConflictRetries = 100, store, clock: clock);
        using var second = Hospital.Open(o => o.MaxConflictRetries = 100, store, clock: clock);
        using var firstMetrics = new MetricsRecorder(first.Engine.Meter);
        using var secondMetrics = new MetricsRecorder(second.Engine.Meter);
        var player = new CommandPlayer();
        var doctors = await SetUpAsync(first, player, 2);
        var tokens = new ConcurrentBag<TokenId>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var desks = Enumerable
            .Range(0, Desks)
            .Select(seed =>
                Task.Run(() =>
                    new RandomDesk(
                        (seed % 2 == 0 ? first : second).Engine,
                        player,
                        doctors,
                        first.Today,
                        tokens,
                        seed
                    ).RunAsync(CommandsPerDesk, start.Task)
                )
            )
            .ToList();
        start.SetResult();
        await Task.WhenAll(desks);

        foreach (var key in await store.ListPartitionsAsync(null, default))
        {
            var stored = (await store.LoadPartitionAsync(key, default))!;
            Invariants.Check(stored, clock.GetUtcNow(), first.Options);
        }

        var all = (await StoredTokensAsync(store)).ToList();
        long Total(string instrument) => firstMetrics.Total(instrument) + secondMetrics.Total(instrument);
        long Rejected() => firstMetrics.Total(Allocations, "rejected") + secondMetrics.Total(Allocations, "rejected");
        Assert.Equal(all.Count, Total(Allocations) - Rejected());
        Assert.Equal(player.Rejections, Rejected());
        Assert.True(Total(Conflicts) > 0, "the engines never met a stale version, so no retry was exercised");
        Assert.Equal(all.Sum(t => t.BumpCount), Total(Bumps));
        Assert.Equal(all.Count(t => t.Status == TokenStatus.Cancelled), Total(Cancellations));

        using var serial = Hospital.Open();
        await RegisterAsync(serial, 2);
        await player.ReplaySeriallyAsync(first.Events.Batches.Concat(second.Events.Batches), serial);
    }

    [Fact]
    public async Task Parallel_requests_through_two_engines_on_one_store_never_exceed_the_capacity()
    {
        var store = new InMemoryStateStore();
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var first = Hospital.Open(o => o.MaxConflictRetries = 100, store, clock: clock);
        using var second = Hospital.Open(o => o.MaxConflictRetries = 100, store, clock: clock);
        var doctor = await first.DoctorAsync();
        var slot = await first.SlotAsync(doctor, 9, 10);
        var keyed = Hospital.Request(doctor, "Asha", TokenSource.Online, slot) with { IdempotencyKey = "retry-1" };

        var results = await Task.WhenAll(
            Enumerable
                .Range(0, 40)
                .Select(i =>
                    Task.Run(async () =>
                    {
                        var engine = (i % 2 == 0 ? first : second).Engine;
                        var request = i % 4 == 0 ? keyed : Hospital.Request(doctor, $"P{i}", TokenSource.WalkIn, slot);
                        return (await engine.AllocateAsync(request)).GetValueOrThrow();
                    })
                )
        );

        var stored = (await store.LoadPartitionAsync(slot.Id.Partition, default))!;
        Assert.Equal(10, stored.GetOccupancy(slot.Id));
        Assert.Equal(30 + 1, stored.Tokens.Count);
        Assert.Single(results.Where(r => r.Token.Patient.Name == "Asha").Select(r => r.Token.Id).Distinct());
        Invariants.Check(stored, clock.GetUtcNow(), first.Options);
    }

    private static async Task<List<Doctor>> SetUpAsync(Hospital h, CommandPlayer player, int doctorCount)
    {
        var doctors = await RegisterAsync(h, doctorCount);
        foreach (var doctor in doctors)
        {
            for (var hour = 9; hour < 13; hour++)
            {
                var error = await player.SendAsync(
                    h.Engine,
                    new AddSlot(doctor.Id, h.Today, new TimeOnly(hour, 0), new TimeOnly(hour + 1, 0), 3),
                    $"setup-{doctor.Id}-{hour}"
                );
                Assert.Null(error);
            }
        }

        return doctors;
    }

    private static async Task<List<Doctor>> RegisterAsync(Hospital h, int count)
    {
        var doctors = new List<Doctor>();
        for (var i = 0; i < count; i++)
        {
            doctors.Add(await h.DoctorAsync($"Dr {i}"));
        }

        return doctors;
    }

    private static async Task<IEnumerable<Token>> StoredTokensAsync(IStateStore store)
    {
        var tokens = new List<Token>();
        foreach (var key in await store.ListPartitionsAsync(null, default))
        {
            tokens.AddRange((await store.LoadPartitionAsync(key, default))!.Tokens);
        }

        return tokens;
    }
}
