namespace OpdTokens.Allocation.Policies;

/// <summary>What a priority policy may look at when it scores a new token.</summary>
/// <remarks>
/// <para>Everything a policy needs is here, so a policy stays pure: it reads no clock and no store. The patient's age
/// is computed for <see cref="Date"/>, the day of the token, never for "now".</para>
/// <para>The patient is personal data. A policy may read it to score; it must not log it or keep it.</para>
/// <para>This type is an immutable value and is thread-safe.</para>
/// </remarks>
/// <param name="Source">Where the request comes from.</param>
/// <param name="LeadTime">How long before the first considered slot starts the request is made; <see langword="null"/>
/// when no slot was considered (the day is full or over).</param>
/// <param name="SlotOccupancy">The first considered slot's occupancy at request time; 0 when none.</param>
/// <param name="SlotCapacity">The first considered slot's capacity; 0 when none.</param>
public readonly record struct PriorityRequest(
    TokenSource Source,
    TimeSpan? LeadTime,
    int SlotOccupancy,
    int SlotCapacity
)
{
    /// <summary>Gets the patient the token is for, with the date of birth and attributes the host gave; the engine
    /// always sets it.</summary>
    /// <value>The default value is <see langword="null"/>: a request made by hand (in a test, say) may leave the
    /// patient out.</value>
    public Patient? Patient { get; init; }

    /// <summary>Gets the day the token is for, in the hospital's time zone; the engine always sets it.</summary>
    /// <value>The default value is <see cref="DateOnly.MinValue"/>, before every date of birth, so
    /// <see cref="PatientAge"/> is <see langword="null"/> when the day is not set.</value>
    public DateOnly Date { get; init; }

    /// <summary>Gets the patient's age in whole years on <see cref="Date"/>.</summary>
    /// <value><see langword="null"/> when there is no patient, no date of birth, or the date of birth is after
    /// <see cref="Date"/>.</value>
    public int? PatientAge => Patient?.AgeOn(Date);

    /// <summary>Gets the patient's host-defined attributes.</summary>
    /// <value><see cref="PatientAttributes.Empty"/> when there is no patient or it has none.</value>
    public PatientAttributes PatientAttributes => Patient?.Attributes ?? PatientAttributes.Empty;
}
