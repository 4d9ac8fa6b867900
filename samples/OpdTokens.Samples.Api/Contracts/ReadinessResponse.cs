namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Answer of <c>GET /health/ready</c> when every readiness check passed.</summary>
internal sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, string> Checks);
