using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;
using Xunit.Abstractions;

namespace OpdTokens.Allocation.PostgreSql.Tests;

/// <summary>Group commit on PostgreSQL: commits that arrive while a batch waits go in one round trip, where a change
/// the database refuses fails alone; and a frozen server (every process stopped with SIGSTOP) never holds a load or a
/// commit much longer than its caller's token.</summary>
[Collection(SharedPostgres.Name)]
public sealed class PostgreSqlGroupCommitTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _clock = new(Start);
    private readonly LogRecorder<PostgreSqlStateStore> _log = new();

    [Fact]
    public async Task Commits_queued_behind_a_waiting_batch_go_in_one_batch_where_a_refused_change_fails_alone()
    {
        var schema = PostgresFixture.NewSchemaName();
        try
        {
            await using var store = new PostgreSqlStateStore(
                new PostgreSqlStateStoreOptions
                {
                    ConnectionString = postgres.ConnectionString,
                    Schema = schema,
                    SlowCommitThreshold = TimeSpan.Zero,
                },
                _log
            );
            using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
            var slots = DistinctStripes.Pick(await SeedAsync(engine, doctors: 16), 6);
            await ExecuteAsync(
                postgres.ConnectionString,
                $"""
                CREATE FUNCTION "{schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON "{schema}".tokens
                FOR EACH ROW WHEN (NEW.patient_name = 'Refused') EXECUTE FUNCTION "{schema}".refuse();
                """
            );

            Task<AllocationResult>[] commands;
            await using (var locker = new NpgsqlConnection(postgres.ConnectionString))
            {
                // The first commit's batch waits for this row lock; the others queue behind it.
                await locker.OpenAsync();
                await using var transaction = await locker.BeginTransactionAsync();
                await using (
                    var lockRow = new NpgsqlCommand(
                        $"SELECT version FROM \"{schema}\".partitions WHERE doctor_id = @doctor FOR UPDATE",
                        locker,
                        transaction
                    )
                )
                {
                    lockRow.Parameters.AddWithValue("doctor", slots[0].Partition.Doctor.Value);
                    await lockRow.ExecuteNonQueryAsync();
                }

                var first = Allocate(engine, slots[0], "Asha 0");
                await WaitForALockWaitAsync(postgres.ConnectionString, schema);
                commands =
                [
                    first,
                    .. slots
                        .Skip(1)
                        .Select((slot, i) => Allocate(engine, slot, i == 2 ? "Refused" : "Asha " + (i + 1))),
                ];
                // Time for the five to reach the queue behind the waiting batch, generous for a loaded machine.
                await Task.Delay(1500);
                Assert.All(commands, c => Assert.False(c.IsCompleted));
                await transaction.CommitAsync();
            }

            var refused = await Assert.ThrowsAsync<StateStoreException>(() => commands[3]);
            output.WriteLine(refused.Message);
            Assert.Equal(slots[3].Partition, refused.Partition);
            Assert.IsType<PostgresException>(refused.InnerException);
            foreach (var command in commands.Where((_, i) => i != 3))
            {
                Assert.Equal(AllocationOutcome.Allocated, (await command).Outcome);
            }

            await using var fresh = new PostgreSqlStateStore(postgres.ConnectionString, schema);
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
            Assert.Equal("P0001", refusal.Fields["ErrorCode"]);
            Assert.All(_log.Entries, e => Assert.DoesNotContain("Asha", e.Message, StringComparison.Ordinal));
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }

    /// <summary>Waits until a session working in the test's schema waits for a lock: the first batch has reached the
    /// row the test holds.</summary>
    private static async Task WaitForALockWaitAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND strpos(query, @schema) > 0",
                connection
            );
            count.Parameters.AddWithValue("schema", schema);
            if ((long)(await count.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The first batch never reached the locked row.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_frozen_server_ends_loads_and_commits_within_seconds_of_their_token_being_cancelled()
    {
        // A cluster of its own, since freezing the shared one would hold up the other tests.
        await using var cluster = await PostgresCluster.StartAsync();
        await using var store = new PostgreSqlStateStore(cluster.ConnectionString);
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
        var slot = (await SeedAsync(engine, doctors: 1))[0];
        var day = (await store.LoadPartitionAsync(slot.Partition, CancellationToken.None))!;

        await cluster.FreezeAsync();
        try
        {
            await AssertEndsSoonAfterCancelAsync(
                "load",
                token => store.LoadPartitionAsync(slot.Partition, token).AsTask()
            );
            await AssertEndsSoonAfterCancelAsync(
                "commit",
                token =>
                    engine
                        .AllocateAsync(
                            new AllocateToken(slot.Partition.Doctor, new Patient("Frozen"), TokenSource.WalkIn)
                            {
                                PreferredSlotId = slot,
                            },
                            token
                        )
                        .AsTask()
            );
        }
        finally
        {
            await cluster.ThawAsync();
        }

        // Back to work once the server answers again, with nothing of the cancelled commit stored.
        var stored = (await store.LoadPartitionAsync(slot.Partition, CancellationToken.None))!;
        Assert.Equal(day.Version, stored.Version);
        Assert.Empty(stored.Tokens);
    }

    private async Task AssertEndsSoonAfterCancelAsync(string what, Func<CancellationToken, Task> operation)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        var task = operation(cancellation.Token);

        var ended = await Record.ExceptionAsync(() => task.WaitAsync(TimeSpan.FromSeconds(30)));

        output.WriteLine($"{what}: {ended?.GetType().Name} after {clock.Elapsed.TotalSeconds:F1} s: {ended?.Message}");
        Assert.True(
            ended is OperationCanceledException or StateStoreException,
            $"The {what} ended with {ended?.GetType().Name ?? "no error"}."
        );
        // Cancelled after 1 s; Npgsql waits its 2-second Cancellation Timeout for the frozen server, then drops the
        // connection.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"The {what} took {clock.Elapsed}.");
    }

    private static async Task<SlotId[]> SeedAsync(AllocationEngine engine, int doctors)
    {
        var slots = new List<SlotId>();
        var date = DateOnly.FromDateTime(Start.DateTime);
        for (var d = 0; d < doctors; d++)
        {
            var doctor = (
                await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. " + d, "General"))
            ).GetValueOrThrow();
            slots.Add(
                (await engine.AddSlotAsync(new AddSlot(doctor.Id, date, new(9, 0), new(10, 0), 5)))
                    .GetValueOrThrow()
                    .Slot.Id
            );
        }

        return [.. slots];
    }

    private static Task<AllocationResult> Allocate(AllocationEngine engine, SlotId slot, string name) =>
        Task.Run(async () =>
            (
                await engine.AllocateAsync(
                    new AllocateToken(slot.Partition.Doctor, new Patient(name), TokenSource.WalkIn)
                    {
                        PreferredSlotId = slot,
                    }
                )
            ).GetValueOrThrow()
        );

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
