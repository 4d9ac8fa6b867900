namespace OpdTokens.Allocation.Benchmarks.Fixtures;

/// <summary>A clock stopped at one instant, without a lock, for the multi-threaded benchmarks.</summary>
/// <remarks><c>ManualTimeProvider</c> guards its time with a lock; two threads reading it on every command would
/// contend on that lock, which no production clock (<see cref="TimeProvider.System"/>) does. Timestamps still come
/// from the stopwatch.</remarks>
public sealed class FrozenClock(DateTimeOffset utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
