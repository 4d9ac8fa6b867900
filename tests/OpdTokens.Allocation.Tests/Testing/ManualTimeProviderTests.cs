using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Tests.Testing;

/// <summary>The manual clock of the test kit: time and timers move only when the test moves them.</summary>
public sealed class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 8, 0, 0, TimeSpan.FromHours(5.5));

    [Fact]
    public void Clock_moves_only_forward_and_only_when_told()
    {
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var clock = new ManualTimeProvider(Start, kolkata);
        var stamp = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromMinutes(90));
        var afterAdvance = clock.GetUtcNow();
        clock.SetUtcNow(Start.AddHours(3));

        Assert.Equal(Start.AddMinutes(90), afterAdvance);
        Assert.Equal(TimeSpan.Zero, afterAdvance.Offset);
        Assert.Equal(Start.AddHours(3), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromHours(3), clock.GetElapsedTime(stamp));
        Assert.Equal(new DateTime(2026, 11, 21, 11, 0, 0), clock.GetLocalNow().DateTime);
        Assert.Same(kolkata, clock.LocalTimeZone);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(Start));
        Assert.Same(TimeZoneInfo.Utc, new ManualTimeProvider(Start).LocalTimeZone);
    }

    [Fact]
    public async Task Delays_complete_when_the_clock_reaches_them_not_in_real_time()
    {
        var clock = new ManualTimeProvider(Start);

        var delay = Task.Delay(TimeSpan.FromMilliseconds(1), clock);
        var longer = Task.Delay(TimeSpan.FromMinutes(5), clock);
        await Task.Delay(100);
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromMinutes(4));

        Assert.False(longer.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        await longer.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Periodic_timers_fire_once_per_period_passed_in_due_order_seeing_their_due_time()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = new List<(string Timer, DateTimeOffset At)>();
        using var every10 = clock.CreateTimer(
            _ => fired.Add(("10", clock.GetUtcNow())),
            null,
            TimeSpan.FromMinutes(10),
            TimeSpan.FromMinutes(10)
        );
        using var once15 = clock.CreateTimer(
            _ => fired.Add(("15", clock.GetUtcNow())),
            null,
            TimeSpan.FromMinutes(15),
            Timeout.InfiniteTimeSpan
        );
        using var never = clock.CreateTimer(
            _ => fired.Add(("never", clock.GetUtcNow())),
            null,
            Timeout.InfiniteTimeSpan,
            TimeSpan.FromMinutes(1)
        );

        clock.Advance(TimeSpan.FromMinutes(35));

        Assert.Equal(
            [
                ("10", Start.AddMinutes(10)),
                ("15", Start.AddMinutes(15)),
                ("10", Start.AddMinutes(20)),
                ("10", Start.AddMinutes(30)),
            ],
            fired
        );
        Assert.Equal(Start.AddMinutes(35), clock.GetUtcNow());
    }

    [Fact]
    public async Task Changed_and_disposed_timers_follow_their_new_schedule()
    {
        var clock = new ManualTimeProvider(Start);
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(timer.Change(TimeSpan.FromMinutes(10), Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(2, count);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, count);
        timer.Change(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        await timer.DisposeAsync();
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(3, count);
        Assert.Throws<ArgumentNullException>(() => clock.CreateTimer(null!, null, TimeSpan.Zero, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            clock.CreateTimer(_ => { }, null, TimeSpan.FromTicks(-5), TimeSpan.Zero)
        );
    }
}
