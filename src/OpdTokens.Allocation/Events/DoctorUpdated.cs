namespace OpdTokens.Allocation;

/// <summary>A doctor's name, specialty or availability changed.</summary>
/// <param name="Previous">The doctor before the change.</param>
/// <param name="Doctor">The doctor after it.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Actor">Who issued the command.</param>
public sealed record DoctorUpdated(Doctor Previous, Doctor Doctor, DateTimeOffset OccurredAt, string? Actor)
    : DoctorEvent(Doctor, OccurredAt, Actor);
