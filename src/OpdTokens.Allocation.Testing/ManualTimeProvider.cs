namespace OpdTokens.Allocation.Testing;

/// <summary>A <see cref="TimeProvider"/> whose clock moves only when a test moves it.</summary>
/// <remarks>
/// <para>Use it to run the engine through a whole day deterministically: set the start, then <see cref="Advance"/>.
/// Timestamps advance with the clock, so snapshot ages follow it too.</para>
/// <para>Timers made through it (<see cref="CreateTimer"/>, and so <c>Task.Delay</c> and <c>PeriodicTimer</c> given this
/// provider) follow the manual clock as well: a timer fires, on the thread that moves the clock, when
/// <see cref="Advance"/> or <see cref="SetUtcNow"/> reaches its due time, never on its own.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>Guards the clock and the timers.</summary>
    private readonly object _gate = new();

    /// <summary>The live timers.</summary>
    private readonly List<ManualTimer> _timers = [];

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

    /// <summary>Creates a timer that fires when the manual clock reaches its due time.</summary>
    /// <param name="callback">Called each time the timer fires, on the thread that moves the clock.</param>
    /// <param name="state">Passed to <paramref name="callback"/>.</param>
    /// <param name="dueTime">How long until the first firing; <see cref="Timeout.InfiniteTimeSpan"/> for never.</param>
    /// <param name="period">The time between firings; <see cref="Timeout.InfiniteTimeSpan"/> or zero for once.</param>
    /// <returns>The timer; dispose it to stop it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative and not infinite.</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>How many timers are armed: due to fire at some instant.</summary>
    /// <remarks>Lets a test wait until the code under test has started its timer before it moves the clock.</remarks>
    public int ArmedTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Moves the clock forward, firing the timers it passes in due order.</summary>
    /// <param name="by">How far; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _utcNow + by;
        }

        MoveTo(target);
    }

    /// <summary>Sets the clock to an instant, forward only, firing the timers it passes in due order.</summary>
    /// <param name="instant">The new instant; not before the current one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instant"/> is before the current instant.</exception>
    public void SetUtcNow(DateTimeOffset instant)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(instant, _utcNow);
        }

        MoveTo(instant.ToUniversalTime());
    }

    /// <summary>Steps the clock from due time to due time up to the target, firing each timer outside the lock so a
    /// callback may read the clock or change timers.</summary>
    private void MoveTo(DateTimeOffset target)
    {
        while (true)
        {
            ManualTimer? due = null;
            lock (_gate)
            {
                foreach (var timer in _timers)
                {
                    if (timer.DueAt <= target && (due is null || timer.DueAt < due.DueAt))
                    {
                        due = timer;
                    }
                }

                if (due is null)
                {
                    if (target > _utcNow)
                    {
                        _utcNow = target;
                    }

                    return;
                }

                if (due.DueAt > _utcNow)
                {
                    _utcNow = due.DueAt;
                }

                if (due.Period > TimeSpan.Zero)
                {
                    due.DueAt += due.Period;
                }
                else
                {
                    _timers.Remove(due);
                }
            }

            due.Fire();
        }
    }

    /// <summary>A timer on the manual clock.</summary>
    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        /// <summary>When the timer fires next; guarded by the clock's lock.</summary>
        public DateTimeOffset DueAt { get; set; }

        /// <summary>The time between firings, or zero for once; guarded by the clock's lock.</summary>
        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
            }

            if (period != Timeout.InfiniteTimeSpan)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(period, TimeSpan.Zero);
            }

            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueAt = clock._utcNow + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                clock._timers.Add(this);
                return true;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
