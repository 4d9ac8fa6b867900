using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>Checks a doctor-day's working representation against a recount of its tokens: every index and cached
/// counter (token count, a slot's occupancy, free seats and queue, the day's free seats and overflow count, the
/// waitlist, the slots by start, the patient index) must be what the tokens and slots alone say.</summary>
internal static class DayStateAssert
{
    /// <summary>Fails when a derived index or cached counter of <paramref name="day"/> differs from a recount.</summary>
    public static void MatchesRecount(DayState day)
    {
        var tokens = Tokens(day);
        Assert.Equal(tokens.Count, day.TokenCount);
        for (var i = day.NextSequence - 1; i < day.TokenArray.Length; i++)
        {
            Assert.Null(day.TokenArray[i]);
        }

        var bySlot = tokens.Where(t => t.SlotId is not null).ToLookup(t => t.SlotId!.Value);
        var freeSeats = 0;
        for (var number = 1; number <= day.SlotCount; number++)
        {
            var state = day.SlotAt(number);
            var slot = state.Slot;
            Assert.Equal(number, slot.Id.Number);
            Assert.Same(state, day.FindSlot(slot.Id));
            var inSlot = bySlot[slot.Id];
            var occupancy = inSlot.Count(t => t.HoldsSeat);
            Assert.Equal(occupancy, state.Occupancy);
            var free = slot.IsActive ? Math.Max(0, slot.MaxCapacity - occupancy) : 0;
            Assert.Equal(free, state.FreeSeats);
            freeSeats += free;
            Assert.Equal(Ranked(inSlot.Where(t => t.Status.IsWaitingInSlot())), Sequences(state.Queue));
        }

        Assert.Equal(freeSeats, day.FreeSeats);
        Assert.Equal(tokens.Count(t => t.IsOverflow), day.OverflowCount);
        Assert.Equal(Ranked(tokens.Where(t => t.Status == TokenStatus.Waitlisted)), Sequences(day.Waitlist));

        var slots = Enumerable.Range(1, day.SlotCount).Select(n => day.SlotAt(n).Slot);
        Assert.Equal(
            slots.OrderBy(s => s.StartsAt).ThenBy(s => s.Id.Number).ToArray(),
            day.SlotsByStart.Take(day.SlotCount).ToArray()
        );
        Assert.All(day.SlotsByStart.Skip(day.SlotCount), Assert.Null);

        foreach (var patient in tokens.Where(t => t.Patient.PatientId is not null).GroupBy(t => t.Patient.PatientId!))
        {
            var active = patient.SingleOrDefault(t => t.Status.IsActive());
            Assert.Equal(active?.Sequence, day.FindActiveToken(patient.Key)?.Sequence);
        }

        Assert.Equal(day.Records.Count(), day.RecordCount);
    }

    /// <summary>Fails when two copies of a doctor-day differ in anything a reader or a rule can see, cached counters
    /// included: the same token and slot objects (or equal ones), the same indexes, the same records.</summary>
    public static void SameState(DayState expected, DayState actual)
    {
        SameIndexes(expected, actual);
        Assert.Equal(Tokens(expected), Tokens(actual));
        for (var number = 1; number <= expected.SlotCount; number++)
        {
            Assert.Equal(expected.SlotAt(number).Slot, actual.SlotAt(number).Slot);
        }

        Assert.Equal(
            expected.Records.OrderBy(r => r.Key, StringComparer.Ordinal),
            actual.Records.OrderBy(r => r.Key, StringComparer.Ordinal)
        );
    }

    /// <summary>Fails when two doctor-days (of two engines, say) differ in their versions, counts, cached counters or
    /// indexes, or when <paramref name="actual"/> differs from its own recount. Tokens themselves are compared by
    /// <c>DoctorDayAssert.Equivalent</c>.</summary>
    public static void SameIndexes(DayState expected, DayState actual)
    {
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(
            (expected.Version, expected.Delay, expected.NextSequence, expected.TokenCount, expected.SlotCount),
            (actual.Version, actual.Delay, actual.NextSequence, actual.TokenCount, actual.SlotCount)
        );
        Assert.Equal((expected.FreeSeats, expected.OverflowCount), (actual.FreeSeats, actual.OverflowCount));
        for (var number = 1; number <= expected.SlotCount; number++)
        {
            var left = expected.SlotAt(number);
            var right = actual.SlotAt(number);
            Assert.Equal((left.Occupancy, left.FreeSeats), (right.Occupancy, right.FreeSeats));
            Assert.Equal(Sequences(left.Queue), Sequences(right.Queue));
        }

        Assert.Equal(Sequences(expected.Waitlist), Sequences(actual.Waitlist));
        Assert.Equal(expected.RecordCount, actual.RecordCount);
        MatchesRecount(actual);
    }

    /// <summary>The tokens of a day in sequence order.</summary>
    public static List<Token> Tokens(DayState day) => [.. day.TokenArray.Take(day.NextSequence - 1).OfType<Token>()];

    /// <summary>The sequences a ranked list holds, highest rank first.</summary>
    public static int[] Sequences(RankedSequences ranked) =>
        [.. Enumerable.Range(0, ranked.Count).Select(i => ranked[i])];

    private static int[] Ranked(IEnumerable<Token> tokens) =>
        [.. tokens.Order(RankComparer.Instance).Select(t => t.Sequence)];
}
