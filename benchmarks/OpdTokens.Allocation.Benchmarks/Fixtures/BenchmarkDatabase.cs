using Npgsql;
using OpdTokens.Allocation.PostgreSql;
using OpdTokens.Allocation.Sqlite;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Benchmarks.Fixtures;

/// <summary>A new, empty database of one benchmark iteration. <see cref="Open"/> gives a store over it per engine
/// instance (instances of a PostgreSQL database each get their own store and connection pool, as app servers
/// would); disposing it disposes those stores and removes the database.</summary>
public sealed class BenchmarkDatabase : IDisposable
{
    private readonly Func<IStateStore> _open;
    private readonly Action _remove;
    private readonly List<IStateStore> _opened = [];

    private BenchmarkDatabase(Func<IStateStore> open, Action remove)
    {
        _open = open;
        _remove = remove;
    }

    /// <summary>One in-memory store, which every <see cref="Open"/> returns.</summary>
    public static BenchmarkDatabase InMemory()
    {
        var store = new InMemoryStateStore();
        return new BenchmarkDatabase(() => store, () => { });
    }

    /// <summary>A SQLite file (created on first use) and its WAL files.</summary>
    public static BenchmarkDatabase Sqlite(string file) =>
        new(
            () => new SqliteStateStore("Data Source=" + file),
            () =>
            {
                File.Delete(file);
                File.Delete(file + "-wal");
                File.Delete(file + "-shm");
            }
        );

    /// <summary>A schema of a PostgreSQL database (created on first use), dropped afterwards.</summary>
    public static BenchmarkDatabase PostgreSql(string connectionString, string schema) =>
        new(
            () => new PostgreSqlStateStore(connectionString, schema),
            () =>
            {
                using var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                command.ExecuteNonQuery();
            }
        );

    /// <summary>Creates a store over the database.</summary>
    public IStateStore Open()
    {
        var store = _open();
        _opened.Add(store);
        return store;
    }

    /// <summary>Closes the stores' connections and removes the database.</summary>
    public void Dispose()
    {
        foreach (var store in _opened)
        {
            (store as IDisposable)?.Dispose();
        }

        _opened.Clear();
        _remove();
    }
}
