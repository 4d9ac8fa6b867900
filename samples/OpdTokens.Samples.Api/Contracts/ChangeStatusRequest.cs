using OpdTokens.Allocation.Models;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>PATCH /api/v1/tokens/{id}/status</c>.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure.</remarks>
internal sealed record ChangeStatusRequest(TokenStatus? Status, string? Reason);
