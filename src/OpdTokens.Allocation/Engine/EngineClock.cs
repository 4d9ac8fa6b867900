namespace OpdTokens.Allocation;

/// <summary>The engine's time: the host's <see cref="TimeProvider"/> in the hospital's time zone.</summary>
internal sealed class EngineClock(TimeProvider time, TimeZoneInfo zone)
{
    /// <summary>Now, with the hospital's offset.</summary>
    public DateTimeOffset Now() => TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);

    /// <summary>Today in the hospital's time zone.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(Now().DateTime);
}
