using Npgsql;
using OpdTokens.Allocation.PostgreSql.Tests;

namespace OpdTokens.Samples.Api.Tests.Storage;

/// <summary>A PostgreSQL server for the sample: the one named by <c>OPDTOKENS_POSTGRES</c> (as eng/postgres.sh exports
/// it), else a throw-away cluster started for these tests. Each test gets a database of its own.</summary>
public sealed class SamplePostgres : IAsyncLifetime
{
    public const string EnvironmentVariable = "OPDTOKENS_POSTGRES";

    private PostgresCluster? _cluster;
    private string? _server;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            _cluster = await PostgresCluster.StartAsync();
            configured = _cluster.ConnectionString;
        }

        _server = configured;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "sample_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a test's database, ending any session still on it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private string Server => _server ?? throw new InvalidOperationException("Not started.");

    private async Task ExecuteAsync(string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL server of the tests ({(_cluster is null ? EnvironmentVariable : "a throw-away cluster")}) "
                    + $"refused '{sql}': {e.Message}",
                e
            );
        }
    }
}
