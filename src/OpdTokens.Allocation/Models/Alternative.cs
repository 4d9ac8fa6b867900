namespace OpdTokens.Allocation;

/// <summary>A slot with free seats offered when a request could not be placed where it asked.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="SlotId">The slot.</param>
/// <param name="DoctorId">The slot's doctor.</param>
/// <param name="Date">The slot's day.</param>
/// <param name="StartTime">The local start time.</param>
/// <param name="EndTime">The local end time.</param>
/// <param name="FreeSeats">How many seats were free when the alternative was found.</param>
public sealed record Alternative(
    SlotId SlotId,
    DoctorId DoctorId,
    DateOnly Date,
    TimeOnly StartTime,
    TimeOnly EndTime,
    int FreeSeats
);
