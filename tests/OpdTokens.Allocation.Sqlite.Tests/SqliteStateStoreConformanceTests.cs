using OpdTokens.Allocation.Sqlite;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Sqlite.Tests;

#region conformance
/// <summary>The SQLite store passes the store conformance suite, each test on a new database file; reopened stores
/// are new store objects on the same file.</summary>
public sealed class SqliteStateStoreConformanceTests : StateStoreConformance
{
    public static TheoryData<string> Checks => new(CheckNames);

    [Theory]
    [MemberData(nameof(Checks))]
    public Task Store_conforms(string check) => RunCheckAsync(check);

    private readonly TemporaryFolder _folder = new();

    protected override Task<IStateStore> CreateStoreAsync() =>
        Task.FromResult<IStateStore>(new SqliteStateStore(_folder.DatabaseConnectionString("conformance.db")));

    protected override Task<IStateStore> ReopenStoreAsync(IStateStore store) =>
        Task.FromResult<IStateStore>(new SqliteStateStore(_folder.DatabaseConnectionString("conformance.db")));

    protected override async Task DisposeStoreAsync(IStateStore store)
    {
        await base.DisposeStoreAsync(store);
        if (ReferenceEquals(store, Store))
        {
            _folder.Delete();
        }
    }
}
#endregion
