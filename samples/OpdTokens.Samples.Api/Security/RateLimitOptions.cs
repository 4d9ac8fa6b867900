namespace OpdTokens.Samples.Api.Security;

/// <summary>How many requests one API key, the screens of one board link, and one client address without either may
/// make per window (fixed window).</summary>
/// <remarks>The defaults are sized for a hospital's real clients (see docs/articles/security.md): a desk application
/// that books, looks up and refreshes its lists makes some 60 requests a minute per clerk at peak, so 1200 lets one key
/// serve a counter of up to 20 clerks; a waiting-room display polling twelve queues every five seconds makes 144 (one
/// live stream per slot makes one). A screen on a board link makes four when its page loads (the page, its script and
/// style, its stream) and 30 a minute while a dropped stream reconnects every two seconds, so 120 lets four screens
/// share one link. The limit stops a runaway client long before it can slow the engine, which serves thousands of
/// requests a second.</remarks>
internal sealed class RateLimitOptions
{
    /// <summary>Gets or sets the requests one key may make per window, 1 to 1,000,000; a key's own
    /// <see cref="ApiKeyOptions.PermitLimit"/> replaces it.</summary>
    /// <value>The default value is 1200.</value>
    public int PermitLimit { get; set; } = 1200;

    /// <summary>Gets or sets the window length in seconds, 1 to 3600.</summary>
    /// <value>The default value is 60.</value>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Gets or sets the requests one client address may make per window without a valid key, 1 to 1,000,000:
    /// low, because they are failures or probes, and it slows down key guessing.</summary>
    /// <value>The default value is 60.</value>
    public int AnonymousPermitLimit { get; set; } = 60;

    /// <summary>Gets or sets the requests the screens of one board link (authenticated by its cookie) may make per
    /// window, 1 to 1,000,000: their own limit, so screens behind one hospital address do not share
    /// <see cref="AnonymousPermitLimit"/>.</summary>
    /// <value>The default value is 120.</value>
    public int BoardLinkPermitLimit { get; set; } = 120;
}
