using OpdTokens.Allocation.PostgreSql;
using OpdTokens.Allocation.Sqlite;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Samples.Api.Storage;

/// <summary>Creates or migrates a database store's tables when the host starts and logs which store is in use.</summary>
/// <remarks>An unreachable database then stops start-up with the store's error instead of failing the first request.
/// Registered before the demo seeder, so the seeder finds the tables ready.</remarks>
internal sealed partial class StoreStartup(IStateStore store, ILogger<StoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        switch (store)
        {
            case SqliteStateStore sqlite:
                await sqlite.EnsureSchemaAsync(cancellationToken);
                LogSqlite(logger, sqlite.DataSource);
                break;
            case PostgreSqlStateStore postgres:
                await postgres.EnsureSchemaAsync(cancellationToken);
                LogPostgreSql(logger, postgres.Schema);
                break;
            case InMemoryStateStore:
                LogInMemory(logger);
                break;
            default:
                LogOther(logger, store.GetType());
                break;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "State store: SQLite file {File}.")]
    private static partial void LogSqlite(ILogger logger, string file);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "State store: PostgreSQL schema {Schema}.")]
    private static partial void LogPostgreSql(ILogger logger, string schema);

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Information,
        Message = "State store: in memory; the state is lost when the process ends."
    )]
    private static partial void LogInMemory(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "State store: {StoreType}.")]
    private static partial void LogOther(ILogger logger, Type storeType);
}
