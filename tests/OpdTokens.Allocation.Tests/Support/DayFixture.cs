namespace OpdTokens.Allocation.Tests.Support;

/// <summary>One doctor-day and its slots, for tests that build a day's parts by hand.</summary>
internal static class DayFixture
{
    public static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    public static readonly DateTimeOffset Nine = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Slot <paramref name="number"/> of <see cref="Day"/>, an hour from <paramref name="hour"/>:00.</summary>
    public static Slot SlotAt(int number, int hour, int capacity = 3, bool active = true) =>
        new(new SlotId(Day, number), Nine.AddHours(hour - 9), Nine.AddHours(hour - 8), capacity, active);
}
