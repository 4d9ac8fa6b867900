using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>Adding, closing and resizing slots.</summary>
public sealed class SlotRuleTests
{
    [Fact]
    public async Task Slots_are_numbered_in_the_order_added_and_listed_by_start_time()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();

        var eleven = await h.SlotAsync(doctor, 11, 2);
        var nine = await h.SlotAsync(doctor, 9, 3, minutes: 30);

        Assert.Equal("S-D1-20261121-1", eleven.Id.ToString());
        Assert.Equal(2, nine.Id.Number);
        Assert.Equal(
            (
                new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero)
            ),
            (nine.StartsAt, nine.EndsAt)
        );
        Assert.Equal(
            (new TimeOnly(9, 0), new TimeOnly(9, 30), TimeSpan.FromMinutes(30)),
            (nine.StartTime, nine.EndTime, nine.Length)
        );
        Assert.Equal([nine.Id, eleven.Id], (await h.DayAsync(doctor)).Slots.Select(s => s.Id).ToArray());
    }

    [Theory]
    [InlineData(9, 0, 10, 0)]
    [InlineData(9, 30, 10, 30)]
    [InlineData(8, 30, 9, 1)]
    [InlineData(8, 0, 12, 0)]
    [InlineData(9, 15, 9, 45)]
    public async Task Overlapping_slots_are_refused(int startHour, int startMinute, int endHour, int endMinute)
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var existing = await h.SlotAsync(doctor, 9, 2);

        var result = await h.Engine.AddSlotAsync(
            new AddSlot(doctor.Id, h.Today, new(startHour, startMinute), new(endHour, endMinute), 2)
        );

        var error = Assert.Single(result.Error!.FieldErrors);
        Assert.Equal("startTime", error.Field);
        Assert.Contains(existing.Id.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adjacent_slots_do_not_overlap_and_a_closed_slot_still_holds_its_time()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        await h.SlotAsync(doctor, 10, 2);
        (await h.Engine.CloseSlotAsync(new CloseSlot(nine.Id))).GetValueOrThrow();

        var before = await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, h.Today, new(8, 30), new(9, 0), 2));
        var onClosed = await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, h.Today, new(9, 0), new(10, 0), 2));

        Assert.True(before.IsSuccess);
        Assert.Contains(nine.Id.ToString(), Refused.OnField(onClosed, "startTime").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, 0, 10, 0, 2, "endTime")]
    [InlineData(11, 0, 10, 0, 2, "endTime")]
    [InlineData(10, 0, 11, 0, 0, "maxCapacity")]
    [InlineData(10, 0, 11, 0, 1001, "maxCapacity")]
    [InlineData(7, 0, 8, 0, 2, "date")]
    [InlineData(6, 0, 7, 30, 2, "date")]
    public async Task Bad_slots_are_refused_naming_the_field(
        int startHour,
        int startMinute,
        int endHour,
        int endMinute,
        int capacity,
        string field
    )
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();

        var result = await h.Engine.AddSlotAsync(
            new AddSlot(doctor.Id, h.Today, new(startHour, startMinute), new(endHour, endMinute), capacity)
        );

        Refused.OnField(result, field);
        Assert.Empty(await h.Engine.GetDoctorDaysAsync(null));
    }

    [Theory]
    [InlineData(1, 30, 3, 0, "startTime")]
    [InlineData(0, 30, 1, 30, "endTime")]
    public async Task Times_skipped_by_the_hospitals_clock_change_are_refused_naming_the_field(
        int startHour,
        int startMinute,
        int endHour,
        int endMinute,
        string field
    )
    {
        // London's clocks go from 01:00 to 02:00 on 28 March 2027, so 01:30 does not exist that day.
        using var h = Hospital.Open(o => o.TimeZoneId = "Europe/London");
        var doctor = await h.DoctorAsync();
        var clockChange = new DateOnly(2027, 3, 28);

        var result = await h.Engine.AddSlotAsync(
            new AddSlot(doctor.Id, clockChange, new(startHour, startMinute), new(endHour, endMinute), 2)
        );
        var dayAfter = await h.Engine.AddSlotAsync(
            new AddSlot(doctor.Id, clockChange.AddDays(1), new(startHour, startMinute), new(endHour, endMinute), 2)
        );

        Refused.OnField(result, field);
        Assert.True(dayAfter.IsSuccess);
    }

    [Fact]
    public async Task Slot_under_way_may_be_added_and_capacity_1000_is_accepted()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();

        var running = await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, h.Today, new(7, 30), new(8, 30), 1000));

        Assert.Equal(1000, running.Value!.Slot.MaxCapacity);
    }

    [Fact]
    public async Task Slots_for_an_unknown_or_inactive_doctor_are_refused()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        (await h.Engine.DeactivateDoctorAsync(new DeactivateDoctor(doctor.Id))).GetValueOrThrow();

        var inactive = await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, h.Today, new(9, 0), new(10, 0), 2));
        var unknown = await h.Engine.AddSlotAsync(new AddSlot(new DoctorId("D404"), h.Today, new(9, 0), new(10, 0), 2));

        Refused.With(inactive, AllocationErrorCode.DoctorUnavailable, doctor.Id);
        Refused.With(unknown, AllocationErrorCode.NotFound, "D404");
    }

    [Fact]
    public async Task New_slot_takes_waitlisted_tokens_in_rank_order()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.FillAsync(doctor, nine);
        var walkIn = await h.AllocateAsync(doctor, "Walk-in", TokenSource.WalkIn);
        var paid = await h.AllocateAsync(doctor, "Paid", TokenSource.Paid);
        var online = await h.AllocateAsync(doctor, "Online", TokenSource.Online);
        h.Events.Take();

        var added = (
            await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, h.Today, new(10, 0), new(11, 0), 2))
        ).GetValueOrThrow();

        Assert.Equal([paid.Token.Id, online.Token.Id], added.MovedTokens.Select(t => t.Id).ToArray());
        Assert.Equal(2, added.Occupancy);
        Assert.Equal(walkIn.Token.Id, Assert.Single((await h.DayAsync(doctor)).Waitlist).Id);
        Assert.Equal(
            [typeof(SlotAdded), typeof(TokenPromoted), typeof(TokenPromoted)],
            h.Events.TakeSingleBatch().Select(e => e.GetType()).ToArray()
        );
    }

    [Fact]
    public async Task Closing_a_slot_moves_its_waiting_tokens_to_later_slots_in_rank_order_and_the_rest_to_the_waitlist()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 4);
        var ten = await h.SlotAsync(doctor, 10, 1);
        var walkIn = await h.AllocateAsync(doctor, "Walk-in", TokenSource.WalkIn, nine);
        var paid = await h.AllocateAsync(doctor, "Paid", TokenSource.Paid, nine);
        var consulting = await h.AllocateAsync(doctor, "Consulting", TokenSource.Online, nine);
        (await h.SetStatusAsync(consulting.Token.Id, TokenStatus.CheckedIn)).GetValueOrThrow();
        (await h.SetStatusAsync(consulting.Token.Id, TokenStatus.Consulting)).GetValueOrThrow();
        h.Events.Take();

        var result = (await h.Engine.CloseSlotAsync(new CloseSlot(nine.Id))).GetValueOrThrow();

        Assert.False(result.Slot.IsActive);
        Assert.Equal(1, result.Occupancy);
        Assert.Equal([paid.Token.Id, walkIn.Token.Id], result.MovedTokens.Select(t => t.Id).ToArray());
        Assert.Equal(ten.Id, result.MovedTokens[0].SlotId);
        Assert.Equal(TokenStatus.Waitlisted, result.MovedTokens[1].Status);
        Assert.All(result.MovedTokens, t => Assert.Equal(MoveReason.SlotClosed, t.History.Single().Reason));
        var day = await h.DayAsync(doctor);
        Assert.Empty(day.GetQueue(nine.Id));
        Assert.Equal(0, day.GetFreeSeats(nine.Id));
        Assert.Equal(TokenStatus.Consulting, day.FindToken(consulting.Token.Id)!.Status);
        var events = h.Events.TakeSingleBatch();
        Assert.Equal(
            [typeof(TokenReallocated), typeof(TokenReallocated), typeof(SlotClosed)],
            events.Select(e => e.GetType()).ToArray()
        );
        Assert.Null(((TokenReallocated)events[1]).ToSlotId);
        Assert.Equal(2, ((SlotClosed)events[2]).MovedTokens);
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Closing_a_closed_slot_changes_nothing_and_an_unknown_slot_is_not_found()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        (await h.Engine.CloseSlotAsync(new CloseSlot(nine.Id))).GetValueOrThrow();
        var before = await h.DayAsync(doctor);

        var again = await h.Engine.CloseSlotAsync(new CloseSlot(nine.Id));
        var unknown = await h.Engine.CloseSlotAsync(new CloseSlot(nine.Id with { Number = 5 }));

        Assert.False(again.Value!.Slot.IsActive);
        Assert.Same(before, await h.DayAsync(doctor));
        Refused.With(unknown, AllocationErrorCode.NotFound, nine.Id with { Number = 5 });
    }

    [Fact]
    public async Task Growing_a_slot_promotes_from_the_waitlist()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.FillAsync(doctor, nine);
        var waiting = await h.AllocateAsync(doctor, "Waiting", TokenSource.Online);
        h.Events.Take();

        var result = (await h.Engine.ResizeSlotAsync(new ResizeSlot(nine.Id, 3))).GetValueOrThrow();

        Assert.Equal((3, 2), (result.Slot.MaxCapacity, result.Occupancy));
        Assert.Equal(waiting.Token.Id, Assert.Single(result.MovedTokens).Id);
        var events = h.Events.TakeSingleBatch();
        var resized = Assert.IsType<SlotResized>(events[0]);
        Assert.Equal((1, 3), (resized.OldCapacity, resized.NewCapacity));
        Assert.IsType<TokenPromoted>(events[1]);
    }

    [Fact]
    public async Task Shrinking_below_occupancy_is_refused_and_down_to_it_is_allowed()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 4);
        await h.AllocateAsync(doctor, "A", TokenSource.Online, nine);
        await h.AllocateAsync(doctor, "B", TokenSource.Online, nine);
        var before = await h.DayAsync(doctor);

        var below = await h.Engine.ResizeSlotAsync(new ResizeSlot(nine.Id, 1));
        var error = Refused.With(below, AllocationErrorCode.CapacityBelowOccupancy, nine.Id);
        Assert.Contains("holds 2 seats", error.Message, StringComparison.Ordinal);
        Assert.Same(before, await h.DayAsync(doctor));

        var exact = (await h.Engine.ResizeSlotAsync(new ResizeSlot(nine.Id, 2))).GetValueOrThrow();
        Assert.Equal((2, 2), (exact.Slot.MaxCapacity, exact.Occupancy));
        Assert.Equal(0, (await h.DayAsync(doctor)).GetFreeSeats(nine.Id));
    }

    [Fact]
    public async Task Resizing_to_the_same_capacity_changes_nothing_and_bad_capacities_are_refused()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 4);
        var before = await h.DayAsync(doctor);

        var same = await h.Engine.ResizeSlotAsync(new ResizeSlot(nine.Id, 4));
        var zero = await h.Engine.ResizeSlotAsync(new ResizeSlot(nine.Id, 0));
        var huge = await h.Engine.ResizeSlotAsync(new ResizeSlot(nine.Id, 1001));
        var unknown = await h.Engine.ResizeSlotAsync(new ResizeSlot(nine.Id with { Number = 3 }, 5));

        Assert.True(same.IsSuccess);
        Assert.Same(before, await h.DayAsync(doctor));
        Refused.OnField(zero, "maxCapacity");
        Refused.OnField(huge, "maxCapacity");
        Refused.With(unknown, AllocationErrorCode.NotFound, nine.Id with { Number = 3 });
    }
}
