namespace OpdTokens.Samples.Api.Security;

/// <summary>Who an accepted API key is: a non-secret name, a role, and its own rate limit when it has one.</summary>
internal sealed record ApiKeyIdentity(string Name, string Role, int? PermitLimit = null);
