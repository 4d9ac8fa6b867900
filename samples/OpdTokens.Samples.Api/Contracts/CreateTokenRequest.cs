using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/tokens</c>.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure;
/// <see cref="RequiredAttribute"/> documents the required ones in the OpenAPI document.</remarks>
internal sealed record CreateTokenRequest
{
    [Required]
    [RegularExpression(ContractLimits.DoctorIdPattern)]
    public string? DoctorId { get; init; }

    [Description("The day; defaults to the slot's date, else today in the hospital's time zone.")]
    public DateOnly? Date { get; init; }

    [Description("The preferred slot; without one, the first slot with room (an emergency: the earliest slot).")]
    public string? SlotId { get; init; }

    [Required]
    [StringLength(100, MinimumLength = 1)]
    [Description(ContractLimits.TextDescription)]
    public string? PatientName { get; init; }

    [RegularExpression(ContractLimits.PhonePattern)]
    public string? PatientPhone { get; init; }

    [StringLength(64, MinimumLength = 1)]
    [Description(
        "The hospital's id of the patient (a medical record number): one active token per patient id and doctor-day, emergencies excepted."
    )]
    public string? PatientId { get; init; }

    [Required]
    public TokenSource? Source { get; init; }

    [Description(
        "Whether to wait for a seat when none is free; when false a full day is 409 slot_full with alternatives."
    )]
    [DefaultValue(true)]
    public bool? WaitlistIfFull { get; init; }
}
