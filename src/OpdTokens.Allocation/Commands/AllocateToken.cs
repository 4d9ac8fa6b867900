namespace OpdTokens.Allocation;

/// <summary>Asks for a token with a doctor.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="DoctorId">The doctor.</param>
/// <param name="Patient">The patient.</param>
/// <param name="Source">Where the request comes from.</param>
public sealed record AllocateToken(DoctorId DoctorId, Patient Patient, TokenSource Source) : AllocationCommand
{
    /// <summary>Gets the day; when <see langword="null"/>, the preferred slot's day, else today.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>Gets the slot the patient prefers, if any.</summary>
    public SlotId? PreferredSlotId { get; init; }

    /// <summary>Gets whether the request waits for a seat when none is free; when <see langword="false"/> it is
    /// rejected with alternatives instead.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WaitlistIfFull { get; init; } = true;

    /// <summary>Gets the idempotency key (1 to 64 printable characters): a repeat within the doctor-day returns the
    /// original token and changes nothing.</summary>
    public string? IdempotencyKey { get; init; }
}
