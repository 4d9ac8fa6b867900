namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Figures of the whole system.</summary>
internal sealed record SystemStatusResponse(
    int Doctors,
    int ActiveDoctors,
    int DoctorDays,
    int Slots,
    int Tokens,
    int Waitlisted,
    IReadOnlyDictionary<string, int> ByStatus
);
