namespace OpdTokens.Docs.Snippets.Tests;

[Collection(SerialTests.Name)]
public sealed class ReadmeSampleTests
{
    [Fact]
    public void Readme_sample_allocates_and_prints_the_queue()
    {
        // The entry point of top-level code is a synchronous wrapper that waits for the async body.
        var entryPoint = typeof(Concepts).Assembly.EntryPoint!;
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            entryPoint.Invoke(null, [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^DOCD1-\d{8}-0001: Allocated$", lines[0]);
        Assert.Matches(@"^1\. DOCD1-\d{8}-0001 ~09:00$", lines[1]);
    }
}
