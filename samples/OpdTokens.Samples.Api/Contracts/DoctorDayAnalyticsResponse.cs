namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Figures of one doctor-day.</summary>
internal sealed record DoctorDayAnalyticsResponse(
    string DoctorId,
    DateOnly Date,
    int Slots,
    int Capacity,
    int Occupancy,
    double Utilization,
    int Waitlisted,
    int Cancelled,
    int NoShows,
    int Emergencies,
    int Bumps,
    int Overflows,
    int DelayMinutes,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> BySource
);
