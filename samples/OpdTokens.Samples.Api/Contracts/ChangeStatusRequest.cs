using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>PATCH /api/v1/tokens/{id}/status</c>.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure;
/// <see cref="RequiredAttribute"/> documents the required ones in the OpenAPI document.</remarks>
internal sealed record ChangeStatusRequest
{
    [Required]
    [Description("One of checked_in, consulting, completed, cancelled, no_show.")]
    public TokenStatus? Status { get; init; }

    [StringLength(ContractLimits.MaxReasonLength)]
    public string? Reason { get; init; }
}
