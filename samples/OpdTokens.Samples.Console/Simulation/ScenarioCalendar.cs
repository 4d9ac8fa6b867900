namespace OpdTokens.Samples.Console.Simulation;

/// <summary>The times of the simulated day, in the hospital's time zone (India Standard Time, UTC+05:30, without
/// daylight saving, so a run never depends on the machine's time zone data).</summary>
public sealed class ScenarioCalendar
{
    /// <summary>The hospital's time zone.</summary>
    public static readonly TimeZoneInfo HospitalZone = TimeZoneInfo.CreateCustomTimeZone(
        "Asia/Kolkata (simulated)",
        TimeSpan.FromMinutes(330),
        "India Standard Time",
        "India Standard Time"
    );

    /// <summary>The first slot starts at 09:00.</summary>
    public static readonly TimeOnly FirstSlotStart = new(9, 0);

    public ScenarioCalendar(ScenarioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Day = settings.Day;
        Slots = settings.SlotsPerDoctor;
        ConsultationLength = TimeSpan.FromMinutes(Math.Max(1, 60 / settings.SlotCapacity));
    }

    /// <summary>The OPD day.</summary>
    public DateOnly Day { get; }

    /// <summary>Slots per doctor.</summary>
    public int Slots { get; }

    /// <summary>The schedule's length per consultation: the slot's length over its capacity, at least a minute. Doctors
    /// work at their own pace around it (see <see cref="ConsultationTimes"/>).</summary>
    public TimeSpan ConsultationLength { get; }

    /// <summary>When the simulation starts: 07:00 the day before, when the online booking desk opens.</summary>
    public DateTimeOffset BookingOpens => At(Day.AddDays(-1), new TimeOnly(7, 0));

    /// <summary>When the hospital opens on the day: 07:00.</summary>
    public DateTimeOffset HospitalOpens => At(Day, new TimeOnly(7, 0));

    /// <summary>When the last slot ends.</summary>
    public DateTimeOffset LastSlotEnds => SlotEnds(Slots - 1);

    /// <summary>When the simulation gives up waiting for the last patients: midnight.</summary>
    public DateTimeOffset Deadline => At(Day.AddDays(1), TimeOnly.MinValue);

    public DateTimeOffset SlotStarts(int index) => At(Day, FirstSlotStart.AddHours(index));

    public DateTimeOffset SlotEnds(int index) => SlotStarts(index).AddHours(1);

    public static TimeOnly LocalStart(int index) => FirstSlotStart.AddHours(index);

    /// <summary>A local time of the hospital on a date, as an instant.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, HospitalZone.GetUtcOffset(local));
    }

    /// <summary>The same day's local time of an instant, for printing.</summary>
    public static TimeOnly LocalTime(DateTimeOffset instant) =>
        TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, HospitalZone).DateTime);
}
