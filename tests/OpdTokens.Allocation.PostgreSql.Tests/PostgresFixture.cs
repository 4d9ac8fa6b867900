using Npgsql;

namespace OpdTokens.Allocation.PostgreSql.Tests;

/// <summary>The PostgreSQL server of the test run: the one named by <c>OPDTOKENS_POSTGRES</c> (as eng/postgres.sh
/// exports it), else a throw-away cluster started for the run. Tests isolate themselves in schemas of their own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>The environment variable with the connection string of a server to use.</summary>
    public const string EnvironmentVariable = "OPDTOKENS_POSTGRES";

    private PostgresCluster? _cluster;
    private string? _connectionString;

    /// <summary>Gets the connection string of a role that may create schemas and end other sessions.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            _cluster = await PostgresCluster.StartAsync();
            configured = _cluster.ConnectionString;
        }

        try
        {
            await using var connection = new NpgsqlConnection(configured);
            await connection.OpenAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL server of the tests does not answer ({EnvironmentVariable} "
                    + (_cluster is null ? "is set" : "is not set; a throw-away cluster was started")
                    + $"): {e.Message}",
                e
            );
        }

        _connectionString = configured;
    }

    /// <summary>Gets a schema name no other test uses; the store creates the schema.</summary>
    public static string NewSchemaName() => "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Gets the connection string with an application name, to find a store's sessions on the server.</summary>
    public string ConnectionStringFor(string applicationName) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = applicationName }.ConnectionString;

    /// <summary>Drops a test's schema and everything in it.</summary>
    public async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The test classes that share the run's PostgreSQL server.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPostgres : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
