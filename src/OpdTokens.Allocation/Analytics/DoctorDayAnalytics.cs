using System.Collections.Immutable;

namespace OpdTokens.Allocation;

/// <summary>Figures of one doctor-day.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Partition">The doctor-day.</param>
/// <param name="Slots">Number of slots, closed ones included.</param>
/// <param name="Capacity">Total capacity of the active slots.</param>
/// <param name="Occupancy">Seats held in active slots.</param>
/// <param name="Utilization">Occupancy / capacity, capped at 1; 0 without capacity.</param>
/// <param name="Waitlisted">Tokens on the waitlist.</param>
/// <param name="Cancelled">Cancelled tokens.</param>
/// <param name="NoShows">No-show tokens.</param>
/// <param name="Emergencies">Emergency tokens, any status.</param>
/// <param name="Bumps">Bumps that happened (sum of the tokens' bump counts).</param>
/// <param name="Overflows">Tokens placed as emergency overflow.</param>
/// <param name="Delay">The doctor's reported delay.</param>
/// <param name="ByStatus">Tokens by status; every status is present.</param>
/// <param name="BySource">Tokens by source; every source is present.</param>
public sealed record DoctorDayAnalytics(
    PartitionKey Partition,
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
    TimeSpan Delay,
    ImmutableSortedDictionary<TokenStatus, int> ByStatus,
    ImmutableSortedDictionary<TokenSource, int> BySource
);
