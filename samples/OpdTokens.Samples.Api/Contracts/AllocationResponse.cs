using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Answer of <c>POST /api/v1/tokens</c>; <see cref="ReplacedToken"/> is the patient's earlier token that an
/// emergency cancelled in the same command.</summary>
internal sealed record AllocationResponse(
    TokenResponse Token,
    AllocationOutcome Outcome,
    TokenResponse? BumpedToken,
    IReadOnlyList<AlternativeResponse> Alternatives,
    TokenResponse? ReplacedToken
);
