namespace OpdTokens.Samples.Api.Security;

/// <summary>One configured API key.</summary>
/// <remarks><see cref="ToString"/> never prints the key.</remarks>
internal sealed class ApiKeyOptions
{
    /// <summary>Gets or sets the secret: at least 16 printable ASCII characters without spaces.</summary>
    public string? Key { get; set; }

    /// <summary>Gets or sets the role: admin, desk, clinician or display.</summary>
    public string? Role { get; set; }

    /// <summary>Gets or sets a name for logs and rate limiting (such as <c>ward-3-screen</c>); defaults to
    /// <c>key-{n}</c>. Not secret.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets this key's requests per rate-limit window, replacing
    /// <see cref="RateLimitOptions.PermitLimit"/> for it (an integration that serves many desks, say); 1 to
    /// 1,000,000.</summary>
    public int? PermitLimit { get; set; }

    public override string ToString() => $"ApiKey {{ Name = {Name}, Role = {Role}, PermitLimit = {PermitLimit} }}";
}
