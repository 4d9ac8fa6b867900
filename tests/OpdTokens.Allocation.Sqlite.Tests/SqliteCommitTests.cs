using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Sqlite.Tests;

/// <summary>How commits reach the file: only the rows a change names are written, a locked or damaged database fails
/// with a clear error that changes nothing, and the engine works again once the database is free.</summary>
public sealed class SqliteCommitTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private readonly TemporaryFolder _folder = new();
    private readonly ManualTimeProvider _clock = new(Start);

    public void Dispose() => _folder.Delete();

    [Fact]
    public async Task A_commit_writes_only_the_rows_of_its_change()
    {
        var connectionString = _folder.DatabaseConnectionString("deltas.db");
        using var store = new SqliteStateStore(connectionString);
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
        var slot = await SeedAsync(engine, capacity: 20, tokens: 20);
        Execute(
            connectionString,
            """
            CREATE TABLE writes (tbl TEXT NOT NULL);
            CREATE TRIGGER token_inserts AFTER INSERT ON opd_tokens BEGIN INSERT INTO writes VALUES ('tokens'); END;
            CREATE TRIGGER token_updates AFTER UPDATE ON opd_tokens BEGIN INSERT INTO writes VALUES ('tokens'); END;
            CREATE TRIGGER slot_inserts AFTER INSERT ON opd_slots BEGIN INSERT INTO writes VALUES ('slots'); END;
            CREATE TRIGGER slot_updates AFTER UPDATE ON opd_slots BEGIN INSERT INTO writes VALUES ('slots'); END;
            """
        );
        var day = await engine.GetDoctorDayAsync(slot.Id.Partition);

        var waitlisted = Must(await engine.AllocateAsync(Request(slot, "Waits")));
        Assert.Equal(AllocationOutcome.Waitlisted, waitlisted.Outcome);
        Assert.Equal(1L, Writes(connectionString, "tokens"));
        // Cancelling a seat-holder writes it and the promoted token; the other 19 tokens are not touched.
        Must(await engine.ChangeStatusAsync(new ChangeTokenStatus(day.Tokens[5].Id, TokenStatus.Cancelled)));
        Assert.Equal(3L, Writes(connectionString, "tokens"));
        Must(await engine.ResizeSlotAsync(new ResizeSlot(slot.Id, 25)));
        Assert.Equal(1L, Writes(connectionString, "slots"));
        Assert.Equal(3L, Writes(connectionString, "tokens"));
        DoctorDayAssert.Equivalent(
            await engine.GetDoctorDayAsync(slot.Id.Partition),
            (
                await new SqliteStateStore(connectionString).LoadPartitionAsync(
                    slot.Id.Partition,
                    CancellationToken.None
                )
            )!
        );
    }

    [Fact]
    public async Task A_locked_database_fails_the_commit_clearly_and_the_engine_works_once_it_is_free()
    {
        var connectionString = _folder.DatabaseConnectionString("locked.db", defaultTimeoutSeconds: 1);
        using var store = new SqliteStateStore(connectionString);
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
        var slot = await SeedAsync(engine, capacity: 5, tokens: 1);
        var before = await engine.GetDoctorDayAsync(slot.Id.Partition);

        StateStoreException error;
        using (var other = new SqliteConnection(connectionString))
        {
            // Another process holds the write lock longer than the store waits for it.
            other.Open();
            using var writing = other.BeginTransaction(deferred: false);
            error = await Assert.ThrowsAsync<StateStoreException>(async () =>
                await engine.AllocateAsync(Request(slot, "Blocked"))
            );
        }

        Assert.Equal(slot.Id.Partition, error.Partition);
        Assert.Contains("locked", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<SqliteException>(error.InnerException);
        DoctorDayAssert.Equivalent(before, await engine.GetDoctorDayAsync(slot.Id.Partition));
        DoctorDayAssert.Equivalent(
            before,
            (await store.LoadPartitionAsync(slot.Id.Partition, CancellationToken.None))!
        );

        var after = Must(await engine.AllocateAsync(Request(slot, "Unblocked")));

        Assert.Equal(AllocationOutcome.Allocated, after.Outcome);
        DoctorDayAssert.Equivalent(
            await engine.GetDoctorDayAsync(slot.Id.Partition),
            (await store.LoadPartitionAsync(slot.Id.Partition, CancellationToken.None))!
        );
    }

    [Fact]
    public async Task Stored_data_that_is_not_valid_fails_the_load_with_a_clear_error()
    {
        var connectionString = _folder.DatabaseConnectionString("damaged.db");
        using (var store = new SqliteStateStore(connectionString))
        {
            using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: _clock);
            await SeedAsync(engine, capacity: 5, tokens: 2);
        }

        Execute(connectionString, "UPDATE opd_tokens SET status = 'Teleported' WHERE sequence = 2;");
        using var reopened = new SqliteStateStore(connectionString);
        var key = new PartitionKey(new DoctorId("D1"), DateOnly.FromDateTime(Start.DateTime));

        var error = await Assert.ThrowsAsync<StateStoreException>(async () =>
            await reopened.LoadPartitionAsync(key, CancellationToken.None)
        );

        Assert.Contains($"doctor-day {key}", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid", error.Message, StringComparison.Ordinal);
        Assert.Contains("Teleported", error.Message, StringComparison.Ordinal);
    }

    private async Task<Slot> SeedAsync(AllocationEngine engine, int capacity, int tokens)
    {
        var doctor = Must(await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Lite", "General")));
        var slot = Must(
            await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(9, 0), new(10, 0), capacity))
        ).Slot;
        for (var i = 0; i < tokens; i++)
        {
            Must(await engine.AllocateAsync(Request(slot, "Patient " + i)));
        }

        return slot;
    }

    private static long Writes(string connectionString, string table)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM writes WHERE tbl = $table;";
        command.Parameters.AddWithValue("$table", table);
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static AllocateToken Request(Slot slot, string name) =>
        new(slot.DoctorId, new Patient(name), TokenSource.WalkIn) { PreferredSlotId = slot.Id };

    private static T Must<T>(CommandResult<T> result)
        where T : class => result.GetValueOrThrow();
}
