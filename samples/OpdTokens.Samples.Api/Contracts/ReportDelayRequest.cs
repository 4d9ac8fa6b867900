using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/doctors/{id}/delay</c>: the doctor's total delay on a day.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure;
/// <see cref="RequiredAttribute"/> documents the required ones in the OpenAPI document.</remarks>
internal sealed record ReportDelayRequest
{
    [Description("The day; defaults to today in the hospital's time zone. Past days are refused.")]
    public DateOnly? Date { get; init; }

    [Required]
    [Range(ContractLimits.MinDelayMinutes, ContractLimits.MaxDelayMinutes)]
    [Description("The doctor's total delay that day in minutes, not an increment.")]
    public int? Minutes { get; init; }
}
