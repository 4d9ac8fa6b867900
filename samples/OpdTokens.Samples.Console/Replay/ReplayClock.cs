namespace OpdTokens.Samples.Console.Replay;

/// <summary>A clock frozen two days before the replayed day, in UTC, so no slot of it ends while it is replayed and
/// every run reads the same time.</summary>
public sealed class ReplayClock : TimeProvider
{
    private static readonly DateTimeOffset Frozen = new(
        ReplayWorkload.Day.AddDays(-2).ToDateTime(new TimeOnly(10, 0)),
        TimeSpan.Zero
    );

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Frozen;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
