using System.Reflection;

namespace OpdTokens.Allocation.Tests.PublicApi;

/// <summary>The public surface is compared with an approved text file, so every API change is deliberate and
/// reviewed in the diff.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_file()
    {
        var directory = Path.Combine(ProjectDirectory(), "PublicApi");
        var approvedPath = Path.Combine(directory, "OpdTokens.Allocation.approved.txt");
        var receivedPath = Path.Combine(directory, "OpdTokens.Allocation.received.txt");
        var received = PublicApiText.Of(typeof(AllocationEngine).Assembly);
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";

        if (received == approved)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        var firstDifference = received
            .Split('\n')
            .Zip(approved.Split('\n'))
            .Select((pair, line) => (pair, line))
            .FirstOrDefault(p => p.pair.First != p.pair.Second);
        Assert.Fail(
            $"""
            The public API of OpdTokens.Allocation changed (first difference near line {firstDifference.line + 1}:
              approved: {firstDifference.pair.Second}
              received: {firstDifference.pair.First}).
            Review {receivedPath}. If the change is deliberate, approve it by copying the received file over the
            approved one and committing it:
              cp "{receivedPath}" "{approvedPath}"
            """
        );
    }

    private static string ProjectDirectory() =>
        typeof(PublicApiTests)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory")
            .Value!;
}
