namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/slots</c>.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure.</remarks>
internal sealed record CreateSlotRequest(
    string? DoctorId,
    DateOnly? Date,
    TimeOnly? StartTime,
    TimeOnly? EndTime,
    int? MaxCapacity
);
