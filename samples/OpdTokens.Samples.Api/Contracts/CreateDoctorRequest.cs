using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/doctors</c>.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure;
/// <see cref="RequiredAttribute"/> documents the required ones in the OpenAPI document.</remarks>
internal sealed record CreateDoctorRequest
{
    [Required]
    [StringLength(100, MinimumLength = 1)]
    [Description(ContractLimits.TextDescription)]
    public string? Name { get; init; }

    [Required]
    [StringLength(100, MinimumLength = 1)]
    [Description(ContractLimits.TextDescription)]
    public string? Specialty { get; init; }

    [RegularExpression(ContractLimits.DoctorIdPattern)]
    [Description("The doctor's id; generated when absent.")]
    public string? Id { get; init; }
}
