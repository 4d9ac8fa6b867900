using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Tests.Storage;

/// <summary>The default store passes the store conformance suite; engines over one instance behave like app servers
/// over one database.</summary>
public sealed class InMemoryStateStoreConformanceTests : StateStoreConformance
{
    public static TheoryData<string> Checks => new(CheckNames);

    [Theory]
    [MemberData(nameof(Checks))]
    public Task Store_conforms(string check) => RunCheckAsync(check);

    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new InMemoryStateStore());
}
