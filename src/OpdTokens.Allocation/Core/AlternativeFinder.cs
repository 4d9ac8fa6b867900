using System.Collections.Immutable;

namespace OpdTokens.Allocation.Core;

/// <summary>Finds slots with free seats to offer when a request is waitlisted or rejected.</summary>
internal static class AlternativeFinder
{
    /// <summary>Adds a day's open slots with free seats, in start order, until <paramref name="max"/> are found.</summary>
    /// <param name="day">The doctor-day to look in.</param>
    /// <param name="now">The time; slots that are closed or have ended are skipped.</param>
    /// <param name="max">How many alternatives at most, in all.</param>
    /// <param name="found">The alternatives found so far.</param>
    public static void Collect(DayState day, DateTimeOffset now, int max, ImmutableArray<Alternative>.Builder found)
    {
        // Most days a waitlisted request looks at are full: skip them without looking at their slots.
        if (day.FreeSeats == 0)
        {
            return;
        }

        var slots = day.SlotsByStart;
        for (var i = 0; i < day.SlotCount && found.Count < max; i++)
        {
            var slot = slots[i];
            if (FreeSeatsOffered(day, slot, now) is var free and > 0)
            {
                found.Add(new Alternative(slot.Id, slot.DoctorId, slot.Date, slot.StartTime, slot.EndTime, free));
            }
        }
    }

    /// <summary>The free seats of a slot that may be offered: none once it has ended.</summary>
    private static int FreeSeatsOffered(DayState day, Slot slot, DateTimeOffset now) =>
        slot.HasEnded(now) ? 0 : day.SlotAt(slot.Id.Number).FreeSeats;
}
