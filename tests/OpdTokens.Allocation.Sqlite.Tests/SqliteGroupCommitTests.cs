using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Sqlite.Tests;

/// <summary>Group commit on SQLite: commits that arrive while a batch waits are written together; a change the
/// database refuses fails alone; a commit cancelled while queued, or a batch all of whose callers cancelled, changes
/// nothing; the log names ids, versions, sizes and times, never patients.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private readonly TemporaryFolder _folder = new();
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly LogRecorder<SqliteStateStore> _log = new();

    public void Dispose() => _folder.Delete();

    [Fact]
    public async Task Commits_queued_behind_a_busy_batch_go_in_one_batch_where_a_refused_change_fails_alone()
    {
        var connectionString = _folder.DatabaseConnectionString("batch.db");
        using var store = Store(connectionString);
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
        var slots = DistinctStripes.Pick(await SeedAsync(engine, doctors: 16), 6);
        Execute(
            connectionString,
            """
            CREATE TRIGGER refuse_insert BEFORE INSERT ON opd_tokens WHEN NEW.patient_name = 'Refused'
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
            """
        );

        Task<AllocationResult>[] commands;
        using (var other = HoldWriteLock(connectionString))
        {
            var first = Allocate(engine, slots[0], "Asha 0");
            await Task.Delay(300);
            commands =
            [
                first,
                .. slots.Skip(1).Select((slot, i) => Allocate(engine, slot, i == 2 ? "Refused" : "Asha " + (i + 1))),
            ];
            await Task.Delay(300);
            Assert.All(commands, c => Assert.False(c.IsCompleted));
            other.Commit();
        }

        var refused = await Assert.ThrowsAsync<StateStoreException>(() => commands[3]);
        Assert.Equal(slots[3].Partition, refused.Partition);
        foreach (var command in commands.Where((_, i) => i != 3))
        {
            Assert.Equal(AllocationOutcome.Allocated, (await command).Outcome);
        }

        using var fresh = new SqliteStateStore(connectionString);
        for (var i = 0; i < slots.Length; i++)
        {
            var day = (await fresh.LoadPartitionAsync(slots[i].Partition, CancellationToken.None))!;
            Assert.Equal(i == 3 ? 1 : 2, day.Version);
            Assert.Equal(i == 3 ? 0 : 1, day.Tokens.Count);
        }

        var batches = _log.Entries.Where(e => e.EventName == "StoreSlowCommit").ToList();
        Assert.Contains(batches, b => (int)b.Fields["BatchSize"]! == 5);
        var refusal = Assert.Single(_log.Entries, e => e.EventName == "StoreChangeRefused");
        Assert.Equal(LogLevel.Warning, refusal.Level);
        Assert.Equal(slots[3].Partition, refusal.Fields["Partition"]);
        Assert.All(_log.Entries, e => Assert.DoesNotContain("Asha", e.Message, StringComparison.Ordinal));
        Assert.All(_log.Entries, e => Assert.Null(e.Exception));
    }

    [Fact]
    public async Task A_commit_cancelled_while_queued_leaves_the_queue_at_once_and_changes_nothing()
    {
        var connectionString = _folder.DatabaseConnectionString("queued.db");
        using var sqlite = Store(connectionString);
        var store = new ObservedStateStore(sqlite);
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
        var slots = DistinctStripes.Pick(await SeedAsync(engine, doctors: 4), 2);

        // The first commit must lead its batch (and block on the lock) before the second arrives; on a busy machine
        // its thread can start late, so the test waits until it reaches the store.
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.OnArrival = call =>
        {
            if (call.Operation == nameof(IStateStore.CommitAsync) && call.Partition == slots[0].Partition)
            {
                firstArrived.TrySetResult();
            }

            return Task.CompletedTask;
        };
        Task<AllocationResult> first;
        using (var other = HoldWriteLock(connectionString))
        {
            first = Allocate(engine, slots[0], "First");
            await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(300);
            using var cancellation = new CancellationTokenSource();
            var queued = engine.AllocateAsync(Request(slots[1], "Queued"), cancellation.Token).AsTask();
            await Task.Delay(100);
            var clock = Stopwatch.StartNew();
            await cancellation.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Took {clock.Elapsed} while the lock was held.");
            Assert.False(first.IsCompleted);
            other.Commit();
        }

        Assert.Equal(AllocationOutcome.Allocated, (await first).Outcome);
        using var fresh = new SqliteStateStore(connectionString);
        Assert.Equal(1, (await fresh.LoadPartitionAsync(slots[1].Partition, CancellationToken.None))!.Version);
        Assert.Equal(2, (await fresh.LoadPartitionAsync(slots[0].Partition, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task A_batch_waiting_for_the_lock_stops_once_its_callers_cancel_and_changes_nothing()
    {
        var connectionString = _folder.DatabaseConnectionString("waiting.db");
        using var store = Store(connectionString);
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
        var slots = await SeedAsync(engine, doctors: 1);

        using (var other = HoldWriteLock(connectionString))
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var clock = Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
                await engine.AllocateAsync(Request(slots[0], "Gave up"), cancellation.Token)
            );

            // The default busy timeout is 30 s; the batch stopped within about a second of its caller giving up.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"Took {clock.Elapsed}.");
            other.Rollback();
        }

        using var fresh = new SqliteStateStore(connectionString);
        var day = (await fresh.LoadPartitionAsync(slots[0].Partition, CancellationToken.None))!;
        Assert.Equal(1, day.Version);
        Assert.Empty(day.Tokens);
        Assert.Equal(AllocationOutcome.Allocated, (await Allocate(engine, slots[0], "Later")).Outcome);
    }

    private SqliteStateStore Store(string connectionString) =>
        new(
            new SqliteStateStoreOptions { ConnectionString = connectionString, SlowCommitThreshold = TimeSpan.Zero },
            _log
        );

    private static SqliteTransaction HoldWriteLock(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection.BeginTransaction(deferred: false);
    }

    private static async Task<SlotId[]> SeedAsync(AllocationEngine engine, int doctors)
    {
        var slots = new List<SlotId>();
        for (var d = 0; d < doctors; d++)
        {
            var doctor = (
                await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. " + d, "General"))
            ).GetValueOrThrow();
            slots.Add(
                (await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(9, 0), new(10, 0), 5)))
                    .GetValueOrThrow()
                    .Slot.Id
            );
        }

        return [.. slots];
    }

    private static Task<AllocationResult> Allocate(AllocationEngine engine, SlotId slot, string name) =>
        Task.Run(async () => (await engine.AllocateAsync(Request(slot, name))).GetValueOrThrow());

    private static AllocateToken Request(SlotId slot, string name) =>
        new(slot.Partition.Doctor, new Patient(name), TokenSource.WalkIn) { PreferredSlotId = slot };

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
