using OpdTokens.Allocation.Models;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/tokens</c>.</summary>
/// <remarks>Fields are nullable so a missing one becomes a named validation error, not a binding failure.</remarks>
internal sealed record CreateTokenRequest(
    string? DoctorId,
    DateOnly? Date,
    string? SlotId,
    string? PatientName,
    string? PatientPhone,
    string? PatientId,
    TokenSource? Source,
    bool? WaitlistIfFull
);
