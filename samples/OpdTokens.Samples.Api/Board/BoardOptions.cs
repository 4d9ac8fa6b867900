namespace OpdTokens.Samples.Api.Board;

/// <summary>Settings of the waiting-room boards, bound from the <c>Board</c> section.</summary>
internal sealed class BoardOptions
{
    public const string SectionName = "Board";

    /// <summary>Gets or sets the file board links are kept in (hashes only), relative to the content root; when
    /// empty, links live in memory and are lost on restart.</summary>
    public string? LinksFile { get; set; }

    /// <summary>Gets or sets how many doctors one board may show, 1 to 12.</summary>
    /// <value>The default value is 6.</value>
    public int MaxDoctors { get; set; } = 6;

    /// <summary>Gets or sets how many waiting tokens a board lists per doctor, 1 to 20.</summary>
    /// <value>The default value is 6.</value>
    public int NextTokens { get; set; } = 6;

    /// <summary>Gets or sets how often, in seconds, an open board is refreshed without any change (estimates move as
    /// time passes), 5 to 300.</summary>
    /// <value>The default value is 30.</value>
    public int RefreshSeconds { get; set; } = 30;
}
