namespace OpdTokens.Samples.Api.Security;

/// <summary>Who an accepted API key is: a non-secret name and a role.</summary>
internal sealed record ApiKeyIdentity(string Name, string Role);
