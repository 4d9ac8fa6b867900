namespace OpdTokens.Allocation;

/// <summary>The engine's time: the host's <see cref="TimeProvider"/> in the hospital's time zone.</summary>
internal sealed class EngineClock(TimeProvider time, TimeZoneInfo zone)
{
    /// <summary>The hospital's offset in the last millisecond asked about. Time zones change offset only on whole
    /// milliseconds (their transition times have no finer part), and a busy engine asks many times in one, so this
    /// spares the time zone's rule lookup on most commands.</summary>
    private OffsetAt? _last;

    /// <summary>Now, with the hospital's offset.</summary>
    public DateTimeOffset Now()
    {
        var utc = time.GetUtcNow();
        var millisecond = utc.UtcTicks / TimeSpan.TicksPerMillisecond;
        if (Volatile.Read(ref _last) is not { } last || last.Millisecond != millisecond)
        {
            last = new OffsetAt(millisecond, zone.GetUtcOffset(utc));
            // Stryker disable once Statement : equivalent; without it every call asks the rules, with the same answer.
            Volatile.Write(ref _last, last);
        }

        // As TimeZoneInfo.ConvertTime does: the ends of the calendar are clamped, not thrown at.
        var ticks = utc.UtcTicks + last.Offset.Ticks;
        return ticks > DateTimeOffset.MaxValue.Ticks ? DateTimeOffset.MaxValue
            : ticks < DateTimeOffset.MinValue.Ticks ? DateTimeOffset.MinValue
            : new DateTimeOffset(ticks, last.Offset);
    }

    /// <summary>Today in the hospital's time zone.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(Now().DateTime);

    private sealed record OffsetAt(long Millisecond, TimeSpan Offset);
}
