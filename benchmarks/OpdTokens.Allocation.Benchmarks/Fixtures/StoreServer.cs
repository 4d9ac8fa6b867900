using System.Globalization;
using Npgsql;
using OpdTokens.Allocation.PostgreSql.Tests;

namespace OpdTokens.Allocation.Benchmarks.Fixtures;

/// <summary>Where one benchmark process keeps the databases of a store kind: nothing for the in-memory store, a
/// temporary folder for SQLite files, a PostgreSQL server for PostgreSQL schemas. Started in <c>[GlobalSetup]</c>,
/// disposed in <c>[GlobalCleanup]</c>.</summary>
/// <remarks>
/// <para>The PostgreSQL server is the one <c>OPDTOKENS_POSTGRES</c> names (as <c>eng/postgres.sh</c> exports it), else
/// a throw-away cluster of the store tests' <see cref="PostgresCluster"/>, started for this process: every step of it
/// is bounded (60 s per tool, 5 minutes to install PostgreSQL on a fresh machine) and any failure throws, which fails
/// the benchmark. The cluster is also removed when the process exits without a global cleanup (a failed setup), so no
/// server outlives its benchmark.</para>
/// <para>The test cluster runs with <c>fsync = off</c> and <c>synchronous_commit = off</c>; the settings of the
/// server actually used are printed to the benchmark's log, and a server of your own can be named with
/// <c>OPDTOKENS_POSTGRES</c> to measure durable commits.</para>
/// </remarks>
public sealed class StoreServer : IDisposable
{
    /// <summary>The environment variable with the connection string of a PostgreSQL server to use.</summary>
    public const string PostgresVariable = "OPDTOKENS_POSTGRES";

    private readonly PostgresCluster? _cluster;
    private readonly string? _folder;
    private int _databases;
    private bool _disposed;

    private StoreServer(StoreKind kind, PostgresCluster? cluster, string? connectionString, string? folder)
    {
        Kind = kind;
        _cluster = cluster;
        PostgresConnectionString = connectionString;
        _folder = folder;
        if (cluster is not null || folder is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        }
    }

    public StoreKind Kind { get; }

    /// <summary>Gets the connection string of the PostgreSQL server (a role that may create schemas), or
    /// <see langword="null"/> for the other kinds.</summary>
    public string? PostgresConnectionString { get; }

    /// <summary>Prepares the databases of <paramref name="kind"/> for this process.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL cannot be started or reached; the message says
    /// why.</exception>
    public static StoreServer Start(StoreKind kind) =>
        kind switch
        {
            StoreKind.InMemory => new StoreServer(kind, null, null, null),
            StoreKind.Sqlite => new StoreServer(
                kind,
                null,
                null,
                Directory.CreateTempSubdirectory("opdtokens-bench-sqlite-").FullName
            ),
            _ => StartPostgres(),
        };

    /// <summary>Creates a new, empty database: a SQLite file, a PostgreSQL schema, or an in-memory store.</summary>
    public BenchmarkDatabase NewDatabase()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var n = ++_databases;
        return Kind switch
        {
            StoreKind.InMemory => BenchmarkDatabase.InMemory(),
            StoreKind.Sqlite => BenchmarkDatabase.Sqlite(
                Path.Combine(_folder!, string.Create(CultureInfo.InvariantCulture, $"bench-{n}.db"))
            ),
            _ => BenchmarkDatabase.PostgreSql(
                PostgresConnectionString!,
                string.Create(CultureInfo.InvariantCulture, $"bench_{Environment.ProcessId}_{n}")
            ),
        };
    }

    /// <summary>Stops the throw-away cluster, or removes the SQLite folder.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NpgsqlConnection.ClearAllPools();
        _cluster?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static StoreServer StartPostgres()
    {
        var configured = Environment.GetEnvironmentVariable(PostgresVariable);
        PostgresCluster? cluster = null;
        if (string.IsNullOrWhiteSpace(configured))
        {
            cluster = PostgresCluster.StartAsync().GetAwaiter().GetResult();
            configured = cluster.ConnectionString;
        }

        var server = new StoreServer(StoreKind.PostgreSql, cluster, configured, null);
        try
        {
            Console.WriteLine("// PostgreSQL: " + Describe(configured, cluster is not null));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Connects once (bounded by a 15-second connect timeout) and reads the settings that decide what a
    /// commit costs.</summary>
    private static string Describe(string connectionString, bool throwAway)
    {
        var bounded = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 15, CommandTimeout = 30 };
        try
        {
            using var connection = new NpgsqlConnection(bounded.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(
                "SELECT current_setting('server_version'), current_setting('fsync'), "
                    + "current_setting('synchronous_commit')",
                connection
            );
            using var reader = command.ExecuteReader();
            reader.Read();
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{(throwAway ? "throw-away cluster" : PostgresVariable)} {connection.Host}:{connection.Port}, "
                    + $"server {reader.GetString(0)}, fsync={reader.GetString(1)}, "
                    + $"synchronous_commit={reader.GetString(2)}"
            );
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"The benchmarks' PostgreSQL server does not answer ({PostgresVariable} "
                    + (throwAway ? "is not set; a throw-away cluster was started" : "is set")
                    + $"): {e.Message}",
                e
            );
        }
    }
}
