namespace OpdTokens.Docs.Snippets.Tests;

/// <summary>Tests that watch process-wide state (the console, meter listeners) run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTests
{
    public const string Name = "serial";
}
