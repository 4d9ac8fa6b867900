using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Tuning_options_are_valid()
    {
        using var provider = Concurrency.Tuning();

        Assert.NotNull(provider.GetRequiredService<IAllocationEngine>());
    }

    [Fact]
    public async Task Stale_instance_retries_and_both_tokens_are_stored()
    {
        var (fromA, fromB, stored) = await Concurrency.TwoInstancesAsync();

        Assert.Equal(1, fromA.Sequence);
        Assert.Equal(2, fromB.Sequence);
        Assert.Equal(3, stored.Version);
        Assert.Equal(2, stored.Tokens.Count);
    }

    [Fact]
    public async Task Retry_helper_returns_the_first_non_conflict_result()
    {
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 1);
        var request = new AllocateToken(example.Doctor.Id, new Patient("Asha"), TokenSource.Online);

        var result = await Concurrency.AllocateWithRetryAsync(example.Engine, request);

        Assert.Equal(AllocationOutcome.Allocated, result.Value!.Outcome);
    }
}
