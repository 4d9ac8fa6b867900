using System.ComponentModel.DataAnnotations;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/doctors/{id}/delay</c>: the doctor's total delay on a day.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure;
/// <see cref="RequiredAttribute"/> documents the required ones in the OpenAPI document.</remarks>
internal sealed record ReportDelayRequest
{
    public DateOnly? Date { get; init; }

    [Required]
    public int? Minutes { get; init; }
}
