using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OpdTokens.Allocation.Sqlite;

/// <summary>The start-up step <c>UseSqliteStore</c> registers: creates or migrates the tables when the host starts,
/// unless <see cref="SqliteStateStoreOptions.CreateSchemaOnStart"/> is off, so a file the store cannot use stops
/// start-up.</summary>
internal sealed class SqliteSchemaStartup(SqliteStateStore store, IOptions<SqliteStateStoreOptions> options)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.CreateSchemaOnStart ? store.EnsureSchemaAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
