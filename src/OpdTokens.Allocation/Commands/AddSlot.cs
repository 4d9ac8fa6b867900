namespace OpdTokens.Allocation;

/// <summary>Adds a consultation slot to a doctor's day.</summary>
/// <remarks>
/// <para>The slot must start before it ends, must not overlap another slot of the doctor that day, must have a
/// capacity of 1 to 1000 and must not have ended already. Times are local times of the hospital's time zone.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="DoctorId">The doctor.</param>
/// <param name="Date">The day.</param>
/// <param name="StartTime">The local start time.</param>
/// <param name="EndTime">The local end time.</param>
/// <param name="MaxCapacity">The number of seats.</param>
public sealed record AddSlot(DoctorId DoctorId, DateOnly Date, TimeOnly StartTime, TimeOnly EndTime, int MaxCapacity)
    : AllocationCommand;
