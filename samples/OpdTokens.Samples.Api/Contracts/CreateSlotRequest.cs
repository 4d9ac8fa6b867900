using System.ComponentModel.DataAnnotations;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/slots</c>.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure;
/// <see cref="RequiredAttribute"/> documents the required ones in the OpenAPI document.</remarks>
internal sealed record CreateSlotRequest
{
    [Required]
    [RegularExpression(ContractLimits.DoctorIdPattern)]
    public string? DoctorId { get; init; }

    [Required]
    public DateOnly? Date { get; init; }

    [Required]
    public TimeOnly? StartTime { get; init; }

    [Required]
    public TimeOnly? EndTime { get; init; }

    [Required]
    [Range(ContractLimits.MinCapacity, ContractLimits.MaxCapacity)]
    public int? MaxCapacity { get; init; }
}
