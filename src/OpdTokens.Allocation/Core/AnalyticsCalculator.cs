using System.Collections.Immutable;

namespace OpdTokens.Allocation.Core;

/// <summary>Derives analytics from snapshots; nothing is counted separately from the tokens.</summary>
internal static class AnalyticsCalculator
{
    public static SlotAnalytics ForSlot(DoctorDay day, Slot slot)
    {
        var byStatus = new int[StatusCount];
        var bySource = new int[SourceCount];
        var overflows = 0;
        foreach (var token in day.Tokens)
        {
            if (token.SlotId != slot.Id)
            {
                continue;
            }

            byStatus[(int)token.Status]++;
            if (token.HoldsSeat)
            {
                bySource[(int)token.Source]++;
                overflows += token.IsOverflow ? 1 : 0;
            }
        }

        var occupancy = day.GetOccupancy(slot.Id);
        return new SlotAnalytics(
            slot.Id,
            slot.MaxCapacity,
            occupancy,
            Ratio(occupancy, slot.MaxCapacity),
            day.GetQueue(slot.Id).Count,
            overflows,
            ToStatusMap(byStatus),
            ToSourceMap(bySource)
        );
    }

    public static DoctorDayAnalytics ForDay(DoctorDay day)
    {
        var byStatus = new int[StatusCount];
        var bySource = new int[SourceCount];
        int bumps = 0,
            overflows = 0;
        foreach (var token in day.Tokens)
        {
            byStatus[(int)token.Status]++;
            bySource[(int)token.Source]++;
            bumps += token.BumpCount;
            overflows += token.IsOverflow ? 1 : 0;
        }

        int capacity = 0,
            occupancy = 0;
        foreach (var slot in day.Slots)
        {
            if (slot.IsActive)
            {
                capacity += slot.MaxCapacity;
                occupancy += day.GetOccupancy(slot.Id);
            }
        }

        return new DoctorDayAnalytics(
            day.Key,
            day.Slots.Length,
            capacity,
            occupancy,
            Ratio(occupancy, capacity),
            day.Waitlist.Count,
            byStatus[(int)TokenStatus.Cancelled],
            byStatus[(int)TokenStatus.NoShow],
            bySource[(int)TokenSource.Emergency],
            bumps,
            overflows,
            day.Delay,
            ToStatusMap(byStatus),
            ToSourceMap(bySource)
        );
    }

    public static SystemStatus ForSystem(IReadOnlyCollection<Doctor> doctors, IEnumerable<DoctorDay> days)
    {
        var byStatus = new int[StatusCount];
        int count = 0,
            slots = 0,
            tokens = 0,
            waitlisted = 0;
        foreach (var day in days)
        {
            count++;
            slots += day.Slots.Length;
            tokens += day.Tokens.Count;
            waitlisted += day.Waitlist.Count;
            foreach (var token in day.Tokens)
            {
                byStatus[(int)token.Status]++;
            }
        }

        return new SystemStatus(
            doctors.Count,
            doctors.Count(d => d.IsActive),
            count,
            slots,
            tokens,
            waitlisted,
            ToStatusMap(byStatus)
        );
    }

    private static readonly int StatusCount = Enum.GetValues<TokenStatus>().Length;
    private static readonly int SourceCount = Enum.GetValues<TokenSource>().Length;

    private static double Ratio(int part, int whole) => whole <= 0 ? 0 : Math.Min(1.0, (double)part / whole);

    private static ImmutableSortedDictionary<TokenStatus, int> ToStatusMap(int[] counts) =>
        Enum.GetValues<TokenStatus>().ToImmutableSortedDictionary(s => s, s => counts[(int)s]);

    private static ImmutableSortedDictionary<TokenSource, int> ToSourceMap(int[] counts) =>
        Enum.GetValues<TokenSource>().ToImmutableSortedDictionary(s => s, s => counts[(int)s]);
}
