namespace OpdTokens.Samples.Api.Security;

/// <summary>The host's security settings, bound from the <c>Security</c> section.</summary>
internal sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Gets or sets the API keys: <c>Security:ApiKeys:{n}:Key</c> and <c>:Role</c> (environment variables
    /// <c>Security__ApiKeys__0__Key</c>, ...).</summary>
    public IList<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Gets or sets the per-key request limit.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}
