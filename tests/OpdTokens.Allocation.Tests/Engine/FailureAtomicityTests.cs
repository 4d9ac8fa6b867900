using System.Collections.Concurrent;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;
using static OpdTokens.Allocation.Diagnostics.AllocationTelemetry;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>Invariant 8: when the store's commit throws, the engine's visible state is exactly as before.</summary>
public sealed class FailureAtomicityTests
{
    [Fact]
    public async Task Failed_commit_of_any_command_leaves_the_visible_state_as_before_and_the_next_command_works()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(store: store);
        using var metrics = new MetricsRecorder(h.Engine.Meter);
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 2);
        var holder = (await h.FillAsync(doctor, nine)).Single();
        var waiting = (await h.AllocateAsync(doctor, "Later", TokenSource.WalkIn, nine)).Token;
        Assert.Equal(ten.Id, waiting.SlotId);
        var commands = new (string Name, Func<IAllocationEngine, Task> Run)[]
        {
            ("allocate", e => e.AllocateAsync(Hospital.Request(doctor, "New", TokenSource.Paid, nine)).AsTask()),
            ("check in", e => e.ChangeStatusAsync(new ChangeTokenStatus(holder.Id, TokenStatus.CheckedIn)).AsTask()),
            ("cancel", e => e.ChangeStatusAsync(new ChangeTokenStatus(waiting.Id, TokenStatus.Cancelled)).AsTask()),
            ("add slot", e => e.AddSlotAsync(new AddSlot(doctor.Id, h.Today, new(11, 0), new(12, 0), 3)).AsTask()),
            (
                "reallocate",
                e => e.ReallocateAsync(new ReallocateToken(holder.Id, new SlotId(nine.Id.Partition, 3))).AsTask()
            ),
            ("delay", e => e.ReportDelayAsync(new ReportDelay(doctor.Id, h.Today, TimeSpan.FromMinutes(50))).AsTask()),
            ("resize", e => e.ResizeSlotAsync(new ResizeSlot(ten.Id, 4)).AsTask()),
            ("close", e => e.CloseSlotAsync(new CloseSlot(nine.Id)).AsTask()),
        };

        foreach (var (name, run) in commands)
        {
            var before = await h.DayAsync(doctor);
            var stored = await store.LoadPartitionAsync(before.Key, default);
            var allocations = metrics.Total(Allocations);
            h.Events.Take();
            store.FailNextCommit();

            await Assert.ThrowsAsync<InjectedStoreFailureException>(() => run(h.Engine));

            Assert.True(ReferenceEquals(before, await h.DayAsync(doctor)), $"{name}: the published day changed");
            Assert.Same(stored, await store.LoadPartitionAsync(before.Key, default));
            Assert.Empty(h.Events.Take());
            Assert.Equal(allocations, metrics.Total(Allocations));

            await run(h.Engine);
            var after = await h.DayAsync(doctor);
            Assert.True(after.Version == before.Version + 1, $"{name}: the retry did not commit");
            Invariants.Check(after, h.Clock.GetUtcNow(), h.Options);
        }

        Assert.Equal(commands.Length, store.Failures);
    }

    [Fact]
    public async Task Commit_whose_acknowledgement_was_lost_is_found_again_by_a_keyed_retry()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(store: store);
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 3);
        var request = Hospital.Request(doctor, "Asha", TokenSource.Online, nine) with { IdempotencyKey = "retry-1" };
        var before = await h.DayAsync(doctor);
        store.LoseNextAcknowledgement();

        await Assert.ThrowsAsync<InjectedStoreFailureException>(async () => await h.Engine.AllocateAsync(request));
        Assert.Same(before, await h.DayAsync(doctor));

        var retry = (await h.Engine.AllocateAsync(request)).GetValueOrThrow();

        Assert.True(retry.IsReplay);
        Assert.Equal(1, retry.Token.Sequence);
        var day = await h.DayAsync(doctor);
        // The lost commit is the one the store kept: version 1 added the slot, version 2 the token.
        Assert.Equal((2L, 1), (day.Version, day.Tokens.Count));
    }

    [Fact]
    public async Task Random_commit_failures_among_concurrent_writers_keep_the_invariants_and_the_counters()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(store: store);
        using var metrics = new MetricsRecorder(h.Engine.Meter);
        var player = new CommandPlayer();
        var doctors = new[] { await h.DoctorAsync("Dr A"), await h.DoctorAsync("Dr B") };
        foreach (var doctor in doctors)
        {
            for (var hour = 9; hour < 12; hour++)
            {
                Assert.Null(
                    await player.SendAsync(
                        h.Engine,
                        new AddSlot(doctor.Id, h.Today, new TimeOnly(hour, 0), new TimeOnly(hour + 1, 0), 3),
                        $"setup-{doctor.Id}-{hour}"
                    )
                );
            }
        }

        var failures = new Random(7);
        store.FailWhen = _ =>
        {
            lock (failures)
            {
                return failures.Next(10) == 0;
            }
        };
        var tokens = new ConcurrentBag<TokenId>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var desks = Enumerable
            .Range(0, 4)
            .Select(seed =>
                Task.Run(() =>
                    new RandomDesk(h.Engine, player, doctors, h.Today, tokens, seed).RunAsync(200, start.Task)
                )
            )
            .ToList();
        start.SetResult();
        await Task.WhenAll(desks);
        store.FailWhen = null;

        Assert.True(player.StoreFailures > 10, $"only {player.StoreFailures} commits failed");
        var days = await h.Engine.GetDoctorDaysAsync(null);
        foreach (var day in days)
        {
            Invariants.Check(day, h.Clock.GetUtcNow(), h.Options);
            DoctorDayAssert.Equivalent((await store.LoadPartitionAsync(day.Key, default))!, day);
        }

        var all = days.SelectMany(d => d.Tokens).ToList();
        Assert.Equal(all.Count, metrics.Total(Allocations) - metrics.Total(Allocations, "rejected"));
        Assert.Equal(all.Count(t => t.Status == TokenStatus.Cancelled), metrics.Total(Cancellations));
        using var serial = Hospital.Open();
        await serial.DoctorAsync("Dr A");
        await serial.DoctorAsync("Dr B");
        await player.ReplaySeriallyAsync(h.Events.Batches, serial);
    }
}
