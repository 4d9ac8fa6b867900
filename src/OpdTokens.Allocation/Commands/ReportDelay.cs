namespace OpdTokens.Allocation;

/// <summary>Reports how late a doctor is running on a day.</summary>
/// <remarks>
/// <para>The delay is the doctor's total lateness, not an increment: reporting 45 minutes twice is the same as once,
/// so a retried request is harmless. It is 0 to 12 hours.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="DoctorId">The doctor.</param>
/// <param name="Date">The day.</param>
/// <param name="Delay">The total delay.</param>
public sealed record ReportDelay(DoctorId DoctorId, DateOnly Date, TimeSpan Delay) : AllocationCommand;
