namespace OpdTokens.Samples.Api.BrowserTests;

/// <summary>Where the repository is, and where the tests keep their screenshots.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Screenshots of the pages under test: <c>artifacts/browser-tests</c>.</summary>
    public static string Screenshots
    {
        get
        {
            var folder = Path.Combine(Root, "artifacts", "browser-tests");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OpdTokens.Allocation.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run inside the repository.");
    }
}
