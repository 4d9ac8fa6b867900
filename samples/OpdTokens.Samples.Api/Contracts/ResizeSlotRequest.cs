namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/slots/{id}/resize</c>.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure.</remarks>
internal sealed record ResizeSlotRequest(int? MaxCapacity);
