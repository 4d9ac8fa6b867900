using System.Collections.Immutable;

namespace OpdTokens.Allocation.Core;

/// <summary>Finds slots with free seats to offer when a request is waitlisted or rejected.</summary>
internal static class AlternativeFinder
{
    /// <param name="days">The doctor-days to look in, in the order they should be offered.</param>
    /// <param name="now">The time; slots that are closed or have ended are skipped.</param>
    /// <param name="max">How many alternatives at most.</param>
    public static ImmutableArray<Alternative> Find(IEnumerable<DoctorDay> days, DateTimeOffset now, int max)
    {
        var found = ImmutableArray.CreateBuilder<Alternative>();
        foreach (var day in days)
        {
            foreach (var slot in day.Slots)
            {
                if (found.Count >= max)
                {
                    return found.ToImmutable();
                }

                var free = day.GetFreeSeats(slot.Id);
                if (free > 0 && !slot.HasEnded(now))
                {
                    found.Add(new Alternative(slot.Id, slot.DoctorId, slot.Date, slot.StartTime, slot.EndTime, free));
                }
            }
        }

        return found.ToImmutable();
    }
}
