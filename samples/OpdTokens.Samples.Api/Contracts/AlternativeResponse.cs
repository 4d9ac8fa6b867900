namespace OpdTokens.Samples.Api.Contracts;

/// <summary>A slot with free seats offered instead.</summary>
internal sealed record AlternativeResponse(
    string SlotId,
    string DoctorId,
    DateOnly Date,
    TimeOnly StartTime,
    TimeOnly EndTime,
    int FreeSeats
);
