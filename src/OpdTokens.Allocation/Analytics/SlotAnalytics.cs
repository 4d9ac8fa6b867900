using System.Collections.Immutable;

namespace OpdTokens.Allocation;

/// <summary>Figures of one slot.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="SlotId">The slot.</param>
/// <param name="Capacity">Its capacity.</param>
/// <param name="Occupancy">Seats held (allocated, checked in, consulting or completed).</param>
/// <param name="Utilization">Occupancy / capacity, capped at 1 (emergency overflow can exceed capacity).</param>
/// <param name="Waiting">Tokens waiting in the queue (allocated or checked in).</param>
/// <param name="Overflows">Seat-holding tokens placed as emergency overflow.</param>
/// <param name="ByStatus">Tokens of the slot by status (cancelled and no-show tokens keep their last slot); every
/// status is present.</param>
/// <param name="BySource">Seat-holding tokens by source; every source is present.</param>
public sealed record SlotAnalytics(
    SlotId SlotId,
    int Capacity,
    int Occupancy,
    double Utilization,
    int Waiting,
    int Overflows,
    ImmutableSortedDictionary<TokenStatus, int> ByStatus,
    ImmutableSortedDictionary<TokenSource, int> BySource
);
