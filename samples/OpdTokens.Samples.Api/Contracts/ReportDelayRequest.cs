namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/doctors/{id}/delay</c>: the doctor's total delay on a day.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure.</remarks>
internal sealed record ReportDelayRequest(DateOnly? Date, int? Minutes);
