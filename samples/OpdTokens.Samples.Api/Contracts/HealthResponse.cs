namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Answer of <c>GET /health</c>.</summary>
internal sealed record HealthResponse(string Status);
