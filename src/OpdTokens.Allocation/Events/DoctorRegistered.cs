namespace OpdTokens.Allocation;

/// <summary>A doctor was added to the registry.</summary>
/// <param name="Doctor">The new doctor.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Actor">Who issued the command.</param>
public sealed record DoctorRegistered(Doctor Doctor, DateTimeOffset OccurredAt, string? Actor)
    : DoctorEvent(Doctor, OccurredAt, Actor);
