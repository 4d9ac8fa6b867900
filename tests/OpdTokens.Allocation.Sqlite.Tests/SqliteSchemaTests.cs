using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Sqlite.Tests;

/// <summary>The store creates its schema on first use, in WAL mode, records the schema version, migrates a file once
/// however many stores start on it at once, and refuses files it cannot serve.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Delete();

    [Fact]
    public async Task Stores_starting_at_once_on_a_new_file_create_the_schema_once_in_WAL_mode()
    {
        var connectionString = _folder.DatabaseConnectionString("schema.db");
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteStateStore(connectionString)).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.EnsureSchemaAsync())));
        await new SqliteStateStore(connectionString).EnsureSchemaAsync();

        Assert.Equal("wal", Scalar(connectionString, "PRAGMA journal_mode;"));
        Assert.Equal(3L, Scalar(connectionString, "SELECT count(*) FROM opd_schema_versions;"));
        Assert.Equal(3L, Scalar(connectionString, "SELECT max(version) FROM opd_schema_versions;"));
        Assert.Equal(
            6L,
            Scalar(
                connectionString,
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'opd_%' AND name <> 'opd_schema_versions';"
            )
        );
    }

    [Fact]
    public async Task A_file_with_a_newer_schema_is_refused_with_a_clear_error()
    {
        var connectionString = _folder.DatabaseConnectionString("newer.db");
        await new SqliteStateStore(connectionString).EnsureSchemaAsync();
        Scalar(connectionString, "INSERT INTO opd_schema_versions (version, applied_at) VALUES (99, 'later');");

        var error = await Assert.ThrowsAsync<StateStoreException>(() =>
            new SqliteStateStore(connectionString).EnsureSchemaAsync()
        );

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade the package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_schema_version_1_gains_the_patient_columns_and_keeps_its_tokens()
    {
        var connectionString = _folder.DatabaseConnectionString("v1.db");
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero));
        PartitionKey key;
        DoctorDay before;
        using (var store = new SqliteStateStore(connectionString))
        using (var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: clock))
        {
            var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "ENT"))).GetValueOrThrow();
            var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(9, 0), new(10, 0), 5)))
                .GetValueOrThrow()
                .Slot;
            await engine.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Old"), TokenSource.WalkIn));
            key = slot.Id.Partition;
            before = await engine.GetDoctorDayAsync(key);
        }

        // What version 1 of the store left behind: the same tables without the patient columns, and no outbox.
        SqliteConnection.ClearAllPools();
        Scalar(
            connectionString,
            """
            ALTER TABLE opd_tokens DROP COLUMN patient_date_of_birth;
            ALTER TABLE opd_tokens DROP COLUMN patient_attributes;
            DROP TABLE opd_outbox;
            DELETE FROM opd_schema_versions WHERE version >= 2;
            """
        );

        using var upgraded = new SqliteStateStore(connectionString);
        using var again = new AllocationEngine(new OpdTokenAllocationOptions(), upgraded, timeProvider: clock);
        var kept = await upgraded.LoadPartitionAsync(key, CancellationToken.None);
        var senior = new Patient("New")
        {
            DateOfBirth = new DateOnly(1940, 5, 1),
            Attributes = PatientAttributes.Empty.With("mobility", "wheelchair"),
        };
        var added = (await again.AllocateAsync(new AllocateToken(key.Doctor, senior, TokenSource.WalkIn)))
            .GetValueOrThrow()
            .Token;

        Assert.NotNull(kept);
        DoctorDayAssert.Equivalent(before, kept);
        Assert.Equal(3L, Scalar(connectionString, "SELECT max(version) FROM opd_schema_versions;"));
        using var reader = new SqliteStateStore(connectionString);
        var reloaded = await reader.LoadPartitionAsync(key, CancellationToken.None);
        Assert.Equal(senior, reloaded!.FindToken(added.Id)!.Patient);
        Assert.Equal(
            """{"mobility":"wheelchair"}""",
            Scalar(connectionString, $"SELECT patient_attributes FROM opd_tokens WHERE sequence = {added.Sequence};")
        );
        Assert.Equal(
            "1940-05-01",
            Scalar(connectionString, $"SELECT patient_date_of_birth FROM opd_tokens WHERE sequence = {added.Sequence};")
        );
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=opd;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=opd.db;Mode=ReadOnly")]
    [InlineData("Data Source=")]
    [InlineData("Not a connection string")]
    public void A_connection_string_the_store_cannot_keep_data_in_is_refused(string connectionString) =>
        Assert.ThrowsAny<ArgumentException>(() => new SqliteStateStore(connectionString));

    private static object? Scalar(string connectionString, string sql)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
