using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>The engine's clock keeps the hospital's offset of the last millisecond it was asked about; it must answer
/// exactly as converting each instant would.</summary>
public sealed class EngineClockTests
{
    /// <summary>A zone that moves an hour forward at 02:00:00.250 local on the last Sunday of March and back at
    /// 03:00:00.750 on the last Sunday of October: transitions off the whole second.</summary>
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone(
        "Test/Summer",
        TimeSpan.FromHours(1),
        "Test",
        "Test standard",
        "Test summer",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                DateTime.MinValue.Date,
                DateTime.MaxValue.Date,
                TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(
                    new DateTime(1, 1, 1, 2, 0, 0, 250),
                    3,
                    5,
                    DayOfWeek.Sunday
                ),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(
                    new DateTime(1, 1, 1, 3, 0, 0, 750),
                    10,
                    5,
                    DayOfWeek.Sunday
                )
            ),
        ]
    );

    [Fact]
    public void Now_is_the_converted_instant_tick_by_tick_across_both_transitions()
    {
        // 28 Mar 2027 02:00:00.250 local (+1) is 01:00:00.250 UTC; 31 Oct 2027 03:00:00.750 local (+2) is 01:00:00.750.
        DateTimeOffset[] transitions =
        [
            new(2027, 3, 28, 1, 0, 0, 250, TimeSpan.Zero),
            new(2027, 10, 31, 1, 0, 0, 750, TimeSpan.Zero),
        ];
        var time = new ManualTimeProvider(transitions[0].AddSeconds(-1));
        var clock = new EngineClock(time, Zone);
        var offsets = new HashSet<TimeSpan>();

        foreach (var transition in transitions)
        {
            // Every 100 microseconds from just before to just after, so several calls fall in each millisecond.
            for (var at = transition.AddMilliseconds(-3); at <= transition.AddMilliseconds(3); at = at.AddTicks(1_000))
            {
                time.SetUtcNow(at);
                var now = clock.Now();
                Assert.Equal(TimeZoneInfo.ConvertTime(at, Zone), now);
                Assert.Equal(Zone.GetUtcOffset(at), now.Offset);
                offsets.Add(now.Offset);
            }
        }

        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(2)], offsets.Order());
    }

    [Fact]
    public void The_last_and_first_representable_local_instants_keep_the_zones_offset()
    {
        var west = TimeZoneInfo.CreateCustomTimeZone("Test/West", TimeSpan.FromHours(-5), "West", "West");
        var lastUtc = DateTimeOffset.MaxValue.AddHours(-1);
        var firstUtc = DateTimeOffset.MinValue.AddHours(5);

        // Local ticks exactly at the ends: representable, so not clamped.
        var last = new EngineClock(new ManualTimeProvider(lastUtc), Zone).Now();
        var first = new EngineClock(new ManualTimeProvider(firstUtc), west).Now();

        Assert.Equal((lastUtc, TimeSpan.FromHours(1)), (last, last.Offset));
        Assert.Equal((firstUtc, TimeSpan.FromHours(-5)), (first, first.Offset));
        Assert.Equal(TimeZoneInfo.ConvertTime(lastUtc, Zone).Offset, last.Offset);
    }

    [Fact]
    public void The_ends_of_the_calendar_are_clamped_as_converting_them_would_be()
    {
        var early = TimeZoneInfo.CreateCustomTimeZone("Test/West", TimeSpan.FromHours(-5), "West", "West");

        var late = new EngineClock(new ManualTimeProvider(DateTimeOffset.MaxValue), Zone).Now();
        var first = new EngineClock(new ManualTimeProvider(DateTimeOffset.MinValue), early).Now();

        Assert.Equal(TimeZoneInfo.ConvertTime(DateTimeOffset.MaxValue, Zone), late);
        Assert.Equal(TimeZoneInfo.ConvertTime(DateTimeOffset.MinValue, early), first);
        Assert.Equal(
            DateOnly.FromDateTime(DateTime.MaxValue),
            new EngineClock(new ManualTimeProvider(DateTimeOffset.MaxValue), Zone).Today()
        );
    }
}
