using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.PostgreSql.Tests;

/// <summary>The PostgreSQL store passes the store conformance suite, each test in a schema of its own; reopened
/// stores are new store objects with their own connection pools, like other app instances.</summary>
[Collection(SharedPostgres.Name)]
public sealed class PostgreSqlStateStoreConformanceTests(PostgresFixture postgres) : StateStoreConformance
{
    public static TheoryData<string> Checks => new(CheckNames);

    [Theory]
    [MemberData(nameof(Checks))]
    public Task Store_conforms(string check) => RunCheckAsync(check);

    private readonly string _schema = PostgresFixture.NewSchemaName();

    protected override Task<IStateStore> CreateStoreAsync() =>
        Task.FromResult<IStateStore>(new PostgreSqlStateStore(postgres.ConnectionString, _schema));

    protected override Task<IStateStore> ReopenStoreAsync(IStateStore store) =>
        Task.FromResult<IStateStore>(new PostgreSqlStateStore(postgres.ConnectionString, _schema));

    protected override async Task DisposeStoreAsync(IStateStore store)
    {
        await base.DisposeStoreAsync(store);
        if (ReferenceEquals(store, Store))
        {
            await postgres.DropSchemaAsync(_schema);
        }
    }
}
