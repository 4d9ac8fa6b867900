namespace OpdTokens.Allocation.Core;

/// <summary>The numbers the allocation rules read, copied from the options at engine start.</summary>
/// <param name="EmergencyOverflowPerSlot">How many emergencies a full slot may take over capacity.</param>
/// <param name="EmergencyOverflowPerDay">How many overflow seats a doctor-day may take in total; null = unlimited.</param>
/// <param name="MaxBumpsPerToken">How often one token may be bumped.</param>
/// <param name="BookingHorizonDays">How many days ahead a day may be booked.</param>
internal sealed record AllocationRules(
    int EmergencyOverflowPerSlot,
    int? EmergencyOverflowPerDay,
    int MaxBumpsPerToken,
    int BookingHorizonDays = 180
)
{
    public static AllocationRules Default { get; } = new(1, null, 2);

    /// <summary>Refuses a day in the past or beyond the booking horizon; checked before any date arithmetic, so no
    /// date near the ends of the calendar reaches it.</summary>
    public AllocationError? CheckBookable(DateOnly date, DateOnly today)
    {
        if (date < today)
        {
            return AllocationError.Validation("date", "The date is in the past.");
        }

        return (long)date.DayNumber - today.DayNumber > BookingHorizonDays
            ? AllocationError.Validation("date", $"The date is more than {BookingHorizonDays} days ahead.")
            : null;
    }
}
