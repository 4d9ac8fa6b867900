namespace OpdTokens.Samples.Api.Security;

/// <summary>How many requests one API key may make per window (fixed window).</summary>
internal sealed class RateLimitOptions
{
    /// <summary>Gets or sets the requests allowed per window, 1 to 1,000,000.</summary>
    /// <value>The default value is 300.</value>
    public int PermitLimit { get; set; } = 300;

    /// <summary>Gets or sets the window length in seconds, 1 to 3600.</summary>
    /// <value>The default value is 60.</value>
    public int WindowSeconds { get; set; } = 60;
}
