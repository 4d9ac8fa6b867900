namespace OpdTokens.Samples.Api.Security;

/// <summary>The host's security settings, bound from the <c>Security</c> section.</summary>
internal sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Gets or sets the API keys: <c>Security:ApiKeys:{n}:Key</c> and <c>:Role</c> (environment variables
    /// <c>Security__ApiKeys__0__Key</c>, ...).</summary>
    public IList<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Gets or sets the published demo keys of <c>appsettings.Development.json</c>: used only in the
    /// Development environment and only while <see cref="ApiKeys"/> is empty, never together with configured keys
    /// (<see cref="ActiveKeys"/>).</summary>
    public IList<ApiKeyOptions> DemoApiKeys { get; set; } = [];

    /// <summary>Gets or sets the per-key request limit.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The keys the host accepts: the configured ones; in Development, when none is configured, the demo
    /// keys.</summary>
    public (IList<ApiKeyOptions> Keys, bool AreDemoKeys) ActiveKeys(IHostEnvironment environment) =>
        ApiKeys.Count == 0 && environment.IsDevelopment() ? (DemoApiKeys, true) : (ApiKeys, false);
}
