namespace OpdTokens.Allocation;

/// <summary>A doctor stopped taking new tokens and slots; existing tokens stay as they are.</summary>
/// <param name="Doctor">The doctor, now inactive.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Actor">Who issued the command.</param>
public sealed record DoctorDeactivated(Doctor Doctor, DateTimeOffset OccurredAt, string? Actor)
    : DoctorEvent(Doctor, OccurredAt, Actor);
