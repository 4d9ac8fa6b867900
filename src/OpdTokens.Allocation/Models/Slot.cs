using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>A consultation time slot of a doctor on a day.</summary>
/// <remarks>
/// <para>Start and end are instants with the hospital's offset, so comparing them with the clock needs no time zone.
/// Occupancy is not stored on the slot: it is derived from the tokens (see <see cref="DoctorDay.GetOccupancy"/>).</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Id">The slot's id; it names the doctor-day.</param>
/// <param name="StartsAt">When the slot starts.</param>
/// <param name="EndsAt">When the slot ends; after <paramref name="StartsAt"/> on the same day.</param>
/// <param name="MaxCapacity">How many seats the slot has, 1 to 1000.</param>
/// <param name="IsActive">Whether the slot takes tokens; a closed slot is inactive.</param>
[JsonConverter(typeof(SlotJsonConverter))]
public sealed record Slot(
    SlotId Id,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int MaxCapacity,
    bool IsActive = true
)
{
    /// <summary>The largest capacity a slot may have.</summary>
    public const int CapacityLimit = 1000;

    /// <summary>Gets the doctor of the slot.</summary>
    public DoctorId DoctorId => Id.Doctor;

    /// <summary>Gets the day of the slot.</summary>
    public DateOnly Date => Id.Date;

    /// <summary>Gets the local start time.</summary>
    public TimeOnly StartTime => TimeOnly.FromDateTime(StartsAt.DateTime);

    /// <summary>Gets the local end time.</summary>
    public TimeOnly EndTime => TimeOnly.FromDateTime(EndsAt.DateTime);

    /// <summary>Gets the slot's length.</summary>
    public TimeSpan Length => EndsAt - StartsAt;

    /// <summary>Tells whether the slot has ended at an instant.</summary>
    /// <param name="now">The instant.</param>
    /// <returns><see langword="true"/> when <paramref name="now"/> is at or after the end.</returns>
    public bool HasEnded(DateTimeOffset now) => now >= EndsAt;
}
