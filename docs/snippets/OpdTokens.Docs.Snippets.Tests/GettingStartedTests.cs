using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets.Tests;

public sealed class GettingStartedTests
{
    [Fact]
    public async Task Walkthrough_allocates_ranks_the_queue_and_completes_the_token()
    {
        var (allocation, queue, completed) = (await GettingStarted.RunAsync())!.Value;

        Assert.Equal(AllocationOutcome.Allocated, allocation.Outcome);
        Assert.Matches(@"^DOCD1-\d{8}-0001$", allocation.Token.Number);
        Assert.Equal([TokenSource.Online, TokenSource.WalkIn], queue.Select(e => e.Token.Source));
        Assert.Equal([1, 2], queue.Select(e => e.Position));
        Assert.Equal(TokenStatus.Completed, completed.Status);
    }
}
