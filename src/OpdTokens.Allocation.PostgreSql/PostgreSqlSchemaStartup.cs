using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OpdTokens.Allocation.PostgreSql;

/// <summary>The start-up step <c>UsePostgreSqlStore</c> registers: creates or migrates the schema when the host
/// starts, unless <see cref="PostgreSqlStateStoreOptions.CreateSchemaOnStart"/> is off, so an unreachable database
/// stops start-up.</summary>
internal sealed class PostgreSqlSchemaStartup(PostgreSqlStateStore store, IOptions<PostgreSqlStateStoreOptions> options)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.CreateSchemaOnStart ? store.EnsureSchemaAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
