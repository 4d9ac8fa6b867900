namespace OpdTokens.Allocation.Testing;

/// <summary>A <see cref="TimeProvider"/> whose clock moves only when a test moves it.</summary>
/// <remarks>
/// <para>Use it to run the engine through a whole day deterministically: set the start, then <see cref="Advance"/>.
/// Timestamps advance with the clock, so snapshot ages follow it too.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>Guards the clock.</summary>
    private readonly object _gate = new();

    /// <summary>The current instant in UTC.</summary>
    private DateTimeOffset _utcNow;

    /// <summary>The local time zone.</summary>
    private readonly TimeZoneInfo _zone;

    /// <summary>Creates a clock at an instant, with a local time zone.</summary>
    /// <param name="start">The starting instant.</param>
    /// <param name="localTimeZone">The local time zone; UTC when <see langword="null"/>.</param>
    public ManualTimeProvider(DateTimeOffset start, TimeZoneInfo? localTimeZone = null)
    {
        _utcNow = start.ToUniversalTime();
        _zone = localTimeZone ?? TimeZoneInfo.Utc;
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _zone;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward.</summary>
    /// <param name="by">How far; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _utcNow += by;
        }
    }

    /// <summary>Sets the clock to an instant, forward only.</summary>
    /// <param name="instant">The new instant; not before the current one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instant"/> is before the current instant.</exception>
    public void SetUtcNow(DateTimeOffset instant)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(instant, _utcNow);
            _utcNow = instant.ToUniversalTime();
        }
    }
}
