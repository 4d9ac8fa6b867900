using System.Diagnostics;
using Npgsql;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using Xunit.Abstractions;

namespace OpdTokens.Allocation.PostgreSql.Tests;

/// <summary>The connection drops or the server stops while a commit is in flight: the command fails with a clear
/// error, the engine shows the state from before, and it works again once the database is back.</summary>
[Collection(SharedPostgres.Name)]
public sealed class DatabaseFaultTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _clock = new(Start);

    [Fact]
    public async Task A_connection_ended_during_a_commit_fails_the_command_and_changes_nothing()
    {
        var schema = PostgresFixture.NewSchemaName();
        var application = "opdtokens-fault-" + Guid.NewGuid().ToString("N");
        try
        {
            await using var store = new PostgreSqlStateStore(postgres.ConnectionStringFor(application), schema);
            using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
            var slot = await SeedAsync(engine);
            var before = await engine.GetDoctorDayAsync(slot.Id.Partition);

            var error = await FailDuringCommitAsync(
                postgres.ConnectionString,
                schema,
                slot.Id.Partition,
                () => engine.AllocateAsync(Request(slot, "During the fault")).AsTask(),
                async admin =>
                {
                    await using var kill = new NpgsqlCommand(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @app",
                        admin
                    );
                    kill.Parameters.AddWithValue("app", application);
                    await kill.ExecuteNonQueryAsync();
                }
            );

            output.WriteLine(error.Message);
            Assert.Equal(slot.Id.Partition, error.Partition);
            Assert.Contains(
                $"Could not commit doctor-day {slot.Id.Partition}",
                error.Message,
                StringComparison.Ordinal
            );
            await AssertUnchangedThenWorksAsync(engine, store, before, slot);
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task A_server_stopped_during_a_commit_fails_commands_until_it_is_back()
    {
        // A cluster of its own, since stopping the shared one would fail the other tests.
        await using var cluster = await PostgresCluster.StartAsync();
        await using var store = new PostgreSqlStateStore(cluster.ConnectionString);
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
        var slot = await SeedAsync(engine);
        var before = await engine.GetDoctorDayAsync(slot.Id.Partition);

        var error = await FailDuringCommitAsync(
            cluster.ConnectionString,
            PostgreSqlStateStore.DefaultSchema,
            slot.Id.Partition,
            () => engine.AllocateAsync(Request(slot, "During the shutdown")).AsTask(),
            async admin =>
            {
                // The test cluster runs without synchronous commit: a checkpoint first makes what was committed
                // (the schema, the seeded day) survive the crash an immediate stop is.
                await using (var checkpoint = new NpgsqlCommand("CHECKPOINT", admin))
                {
                    await checkpoint.ExecuteNonQueryAsync();
                }

                await cluster.StopAsync(immediate: true);
            }
        );
        var whileDown = await Assert.ThrowsAsync<StateStoreException>(async () =>
            await engine.AllocateAsync(Request(slot, "While down"))
        );

        output.WriteLine(error.Message);
        output.WriteLine(whileDown.Message);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
        Assert.Contains("Could not", whileDown.Message, StringComparison.Ordinal);
        DoctorDayAssert.Equivalent(before, await engine.GetDoctorDayAsync(slot.Id.Partition));
        await cluster.StartAgainAsync();
        await AssertUnchangedThenWorksAsync(engine, store, before, slot);
    }

    /// <summary>Holds the doctor-day's row lock so the engine's commit waits inside its transaction, then injures the
    /// database while it waits.</summary>
    private static async Task<StateStoreException> FailDuringCommitAsync(
        string adminConnectionString,
        string schema,
        PartitionKey key,
        Func<Task> startCommand,
        Func<NpgsqlConnection, Task> fault
    )
    {
        Task command;
        await using (var locker = new NpgsqlConnection(adminConnectionString))
        {
            await locker.OpenAsync();
            await using var transaction = await locker.BeginTransactionAsync();
            await using (
                var lockRow = new NpgsqlCommand(
                    $"SELECT version FROM \"{schema}\".partitions WHERE doctor_id = @doctor AND date = @date FOR UPDATE",
                    locker,
                    transaction
                )
            )
            {
                lockRow.Parameters.AddWithValue("doctor", key.Doctor.Value);
                lockRow.Parameters.AddWithValue("date", key.Date);
                await lockRow.ExecuteNonQueryAsync();
            }

            command = startCommand();
            await WaitForLockWaiterAsync(adminConnectionString, command);
            await using var admin = new NpgsqlConnection(adminConnectionString);
            await admin.OpenAsync();
            await fault(admin);
        }

        return await Assert.ThrowsAsync<StateStoreException>(() => command);
    }

    private static async Task WaitForLockWaiterAsync(string adminConnectionString, Task command)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE %partitions%'",
            admin
        );
        var clock = Stopwatch.StartNew();
        while ((long)(await waiting.ExecuteScalarAsync())! == 0)
        {
            Assert.False(command.IsCompleted, "The commit should wait for the row lock.");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "The commit never reached the row lock.");
            await Task.Delay(20);
        }
    }

    private static async Task AssertUnchangedThenWorksAsync(
        AllocationEngine engine,
        IStateStore store,
        DoctorDay before,
        Slot slot
    )
    {
        DoctorDayAssert.Equivalent(before, await engine.GetDoctorDayAsync(slot.Id.Partition));
        DoctorDayAssert.Equivalent(
            before,
            (await store.LoadPartitionAsync(slot.Id.Partition, CancellationToken.None))!
        );

        var after = (await engine.AllocateAsync(Request(slot, "After the fault"))).GetValueOrThrow();

        Assert.Equal(AllocationOutcome.Allocated, after.Outcome);
        var stored = (await store.LoadPartitionAsync(slot.Id.Partition, CancellationToken.None))!;
        Assert.Equal(before.Version + 1, stored.Version);
        DoctorDayAssert.Equivalent(await engine.GetDoctorDayAsync(slot.Id.Partition), stored);
    }

    private static async Task<Slot> SeedAsync(AllocationEngine engine)
    {
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Fault", "General"))).GetValueOrThrow();
        var day = DateOnly.FromDateTime(Start.DateTime);
        var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, day, new(9, 0), new(10, 0), 5)))
            .GetValueOrThrow()
            .Slot;
        (await engine.AllocateAsync(Request(slot, "Before the fault"))).GetValueOrThrow();
        return slot;
    }

    private static AllocateToken Request(Slot slot, string name) =>
        new(slot.DoctorId, new Patient(name), TokenSource.WalkIn) { PreferredSlotId = slot.Id };
}
