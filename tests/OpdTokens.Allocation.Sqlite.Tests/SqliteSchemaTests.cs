using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Storage;

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
        Assert.Equal(1L, Scalar(connectionString, "SELECT count(*) FROM opd_schema_versions;"));
        Assert.Equal(1L, Scalar(connectionString, "SELECT max(version) FROM opd_schema_versions;"));
        Assert.Equal(
            5L,
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
