using System.ComponentModel.DataAnnotations;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/tokens</c>.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure;
/// <see cref="RequiredAttribute"/> documents the required ones in the OpenAPI document.</remarks>
internal sealed record CreateTokenRequest
{
    [Required]
    public string? DoctorId { get; init; }

    public DateOnly? Date { get; init; }

    public string? SlotId { get; init; }

    [Required]
    public string? PatientName { get; init; }

    public string? PatientPhone { get; init; }

    public string? PatientId { get; init; }

    [Required]
    public TokenSource? Source { get; init; }

    public bool? WaitlistIfFull { get; init; }
}
