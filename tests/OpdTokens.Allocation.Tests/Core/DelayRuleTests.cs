using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>A doctor running late: estimated times shift, the tail that no longer fits moves on.</summary>
public sealed class DelayRuleTests
{
    [Fact]
    public async Task Delay_shifts_every_estimated_start()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 6);
        var tokens = new List<Token>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add((await h.AllocateAsync(doctor, $"P{i}", TokenSource.Online, nine)).Token);
        }

        (
            await h.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, h.Today, TimeSpan.FromMinutes(15)))
        ).GetValueOrThrow();

        var day = await h.DayAsync(doctor);
        var entries = day.GetQueueEntries(nine.Id);
        // Slot start + delay + (position - 1) x 60 min / 6 seats.
        Assert.Equal(
            [nine.StartsAt.AddMinutes(15), nine.StartsAt.AddMinutes(25), nine.StartsAt.AddMinutes(35)],
            entries.Select(e => e.EstimatedStart).ToArray()
        );
        Assert.Equal([1, 2, 3], entries.Select(e => e.Position).ToArray());
        Assert.Equal(nine.StartsAt.AddMinutes(25), day.GetEstimatedStart(day.FindToken(tokens[1].Id)!));
        Assert.Equal(TimeSpan.FromMinutes(15), day.Delay);
    }

    [Fact]
    public async Task Tail_that_no_longer_fits_moves_to_the_next_slots_with_room_in_rank_order()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 4);
        var ten = await h.SlotAsync(doctor, 10, 2);
        var eleven = await h.SlotAsync(doctor, 11, 2);
        var paid = await h.AllocateAsync(doctor, "Paid", TokenSource.Paid, nine);
        var online = await h.AllocateAsync(doctor, "Online", TokenSource.Online, nine);
        var walkIn1 = await h.AllocateAsync(doctor, "Walk-in 1", TokenSource.WalkIn, nine);
        var walkIn2 = await h.AllocateAsync(doctor, "Walk-in 2", TokenSource.WalkIn, nine);
        var atTen = await h.AllocateAsync(doctor, "At ten", TokenSource.Paid, ten);
        h.Events.Take();

        // 30 minutes late: positions 3 and 4 of the 9:00 slot (15-minute seats) would start at 10:00 and 10:15.
        var result = (
            await h.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, h.Today, TimeSpan.FromMinutes(30)))
        ).GetValueOrThrow();

        Assert.Equal([walkIn1.Token.Id, walkIn2.Token.Id], result.MovedTokens.Select(t => t.Id).ToArray());
        Assert.Equal([ten.Id, eleven.Id], result.MovedTokens.Select(t => t.SlotId!.Value).ToArray());
        Assert.All(result.MovedTokens, t => Assert.Equal(MoveReason.DoctorDelayed, t.History.Single().Reason));
        var day = await h.DayAsync(doctor);
        Assert.Equal([paid.Token.Id, online.Token.Id], day.GetQueue(nine.Id).Select(t => t.Id).ToArray());
        // One move per token: walk-in 1 is second at ten and would not fit there either, but it stays.
        Assert.Equal([atTen.Token.Id, walkIn1.Token.Id], day.GetQueue(ten.Id).Select(t => t.Id).ToArray());
        var events = h.Events.TakeSingleBatch();
        Assert.Equal(
            [typeof(TokenReallocated), typeof(TokenReallocated), typeof(DelayReported)],
            events.Select(e => e.GetType()).ToArray()
        );
        Assert.Equal(
            (TimeSpan.FromMinutes(30), 2),
            (((DelayReported)events[2]).Delay, ((DelayReported)events[2]).MovedTokens)
        );
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Tail_stays_when_no_later_slot_has_room()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        await h.FillAsync(doctor, nine);

        var result = (
            await h.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, h.Today, TimeSpan.FromMinutes(45)))
        ).GetValueOrThrow();

        Assert.Empty(result.MovedTokens);
        Assert.Equal(2, (await h.DayAsync(doctor)).GetQueue(nine.Id).Count);
    }

    [Fact]
    public async Task Queue_of_a_slot_that_has_ended_stays_in_place()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var eleven = await h.SlotAsync(doctor, 11, 4);
        var waiting = await h.FillAsync(doctor, nine);
        h.Clock.SetUtcNow(nine.EndsAt);

        // The second 9:00 patient would start at 10:15, after the slot's end, but an ended slot takes no changes.
        var result = (
            await h.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, h.Today, TimeSpan.FromMinutes(45)))
        ).GetValueOrThrow();

        Assert.Empty(result.MovedTokens);
        var day = await h.DayAsync(doctor);
        Assert.Equal(waiting.Select(t => t.Id), day.GetQueue(nine.Id).Select(t => t.Id));
        Assert.Empty(day.GetQueue(eleven.Id));
    }

    [Fact]
    public async Task Delay_is_the_total_so_reporting_it_again_changes_nothing_and_a_smaller_one_replaces_it()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);
        var report = new ReportDelay(doctor.Id, h.Today, TimeSpan.FromMinutes(45));
        (await h.Engine.ReportDelayAsync(report)).GetValueOrThrow();
        var before = await h.DayAsync(doctor);
        h.Events.Take();

        var again = (await h.Engine.ReportDelayAsync(report)).GetValueOrThrow();

        Assert.Equal(TimeSpan.FromMinutes(45), again.Delay);
        Assert.Same(before, await h.DayAsync(doctor));
        Assert.Empty(h.Events.Take());

        var smaller = (
            await h.Engine.ReportDelayAsync(report with { Delay = TimeSpan.FromMinutes(10) })
        ).GetValueOrThrow();
        Assert.Equal(TimeSpan.FromMinutes(10), smaller.Delay);
        Assert.Equal(TimeSpan.FromMinutes(10), (await h.DayAsync(doctor)).Delay);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(12 * 60 + 1)]
    public async Task Delay_outside_0_to_12_hours_is_refused(int minutes)
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();

        var result = await h.Engine.ReportDelayAsync(
            new ReportDelay(doctor.Id, h.Today, TimeSpan.FromMinutes(minutes))
        );

        Refused.OnField(result, "minutes");
        Assert.Empty(await h.Engine.GetDoctorDaysAsync(null));
    }

    [Fact]
    public async Task Delay_for_an_unknown_doctor_is_not_found()
    {
        using var h = Hospital.Open();

        var result = await h.Engine.ReportDelayAsync(
            new ReportDelay(new DoctorId("D404"), h.Today, TimeSpan.FromMinutes(5))
        );

        Refused.With(result, AllocationErrorCode.NotFound, "D404");
    }
}
