using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using Xunit;

namespace Consumer;

/// <summary>The custom store passes the conformance kit under xunit v3, one test case per check, as the storage
/// article shows.</summary>
public sealed class CustomStoreConformanceTests : StateStoreConformance
{
    public static TheoryData<string> Checks => new(CheckNames);

    [Theory]
    [MemberData(nameof(Checks))]
    public Task Store_conforms(string check) => RunCheckAsync(check);

    [Fact]
    public void The_kit_has_checks_to_run() => Assert.True(CheckNames.Length >= 10, string.Join(", ", CheckNames));

    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new DictionaryStateStore());
}
