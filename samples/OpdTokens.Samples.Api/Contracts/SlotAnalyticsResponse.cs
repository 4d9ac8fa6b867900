namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Figures of one slot.</summary>
internal sealed record SlotAnalyticsResponse(
    string SlotId,
    int Capacity,
    int Occupancy,
    double Utilization,
    int Waiting,
    int Overflows,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> BySource
);
