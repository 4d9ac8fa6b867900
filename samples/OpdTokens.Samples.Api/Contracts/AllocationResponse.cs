using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Answer of <c>POST /api/v1/tokens</c>.</summary>
internal sealed record AllocationResponse(
    TokenResponse Token,
    AllocationOutcome Outcome,
    TokenResponse? BumpedToken,
    IReadOnlyList<AlternativeResponse> Alternatives
);
