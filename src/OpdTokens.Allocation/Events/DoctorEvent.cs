namespace OpdTokens.Allocation;

/// <summary>The base of the doctor registry's events: a doctor was registered, changed or deactivated.</summary>
/// <remarks>
/// <para>A doctor belongs to no doctor-day, so these are not <see cref="AllocationEvent"/>s and are not stored in a
/// store's outbox; sinks receive them through <see cref="IAllocationEventSink.OnDoctorChanged"/> after the registry
/// change is saved. They carry the doctor record, which holds no patient data.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Doctor">The doctor as saved by the change.</param>
/// <param name="OccurredAt">When the change was made, by the engine's clock.</param>
/// <param name="Actor">Who issued the command (the command's <see cref="AllocationCommand.Actor"/>).</param>
public abstract record DoctorEvent(Doctor Doctor, DateTimeOffset OccurredAt, string? Actor)
{
    /// <summary>Gets the doctor's id.</summary>
    public DoctorId DoctorId => Doctor.Id;
}
