namespace OpdTokens.Samples.Api.BrowserTests;

/// <summary>The browser tests share one chromium and run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "browser";
}

/// <summary>One API process shared by the tests of a class; each test makes its own doctors and links.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public BoardHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await BoardHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
