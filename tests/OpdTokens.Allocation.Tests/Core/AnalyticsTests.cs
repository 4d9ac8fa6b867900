using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>Slot, doctor-day and system figures, all derived from the tokens.</summary>
public sealed class AnalyticsTests
{
    [Fact]
    public async Task Figures_add_up_over_a_busy_morning()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var colleague = await h.DoctorAsync("Dr Iyer", "ENT");
        var nine = await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 2);
        await h.SlotAsync(colleague, 9, 5);
        var walkIn = await h.AllocateAsync(doctor, "W1", TokenSource.WalkIn, nine);
        var online = await h.AllocateAsync(doctor, "O1", TokenSource.Online, nine);
        var paid = await h.AllocateAsync(doctor, "P1", TokenSource.Paid, nine); // bumps W1 to ten
        var emergency = await h.AllocateAsync(doctor, "E1", TokenSource.Emergency, nine); // bumps O1 to ten
        var overflow = await h.AllocateAsync(doctor, "E2", TokenSource.Emergency, nine); // ten full: overflow
        var eleven = await h.SlotAsync(doctor, 11, 4);
        var followUp = await h.AllocateAsync(doctor, "F1", TokenSource.FollowUp, eleven);
        var noShow = await h.AllocateAsync(doctor, "N1", TokenSource.Online, eleven);
        var cancelled = await h.AllocateAsync(doctor, "C1", TokenSource.WalkIn, eleven);
        (await h.SetStatusAsync(noShow.Token.Id, TokenStatus.NoShow)).GetValueOrThrow();
        (await h.SetStatusAsync(cancelled.Token.Id, TokenStatus.Cancelled)).GetValueOrThrow();
        (await h.SetStatusAsync(paid.Token.Id, TokenStatus.CheckedIn)).GetValueOrThrow();
        await h.AllocateAsync(doctor, "C2", TokenSource.Online, eleven);
        await h.AllocateAsync(colleague, "X", TokenSource.Online);
        Assert.Equal(AllocationOutcome.Overflow, overflow.Outcome);
        Assert.Equal(eleven.Id, followUp.Token.SlotId);
        Assert.Equal(
            2,
            (await h.TokenAsync(walkIn.Token.Id)).BumpCount + (await h.TokenAsync(online.Token.Id)).BumpCount
        );

        var slot = (await h.Engine.GetSlotAnalyticsAsync(nine.Id))!;
        Assert.Equal(
            (nine.Id, 2, 3, 1.0, 3, 1),
            (slot.SlotId, slot.Capacity, slot.Occupancy, slot.Utilization, slot.Waiting, slot.Overflows)
        );
        Assert.Equal(2, slot.BySource[TokenSource.Emergency]);
        Assert.Equal(1, slot.BySource[TokenSource.Paid]);
        Assert.Equal(0, slot.BySource[TokenSource.WalkIn]);
        Assert.Equal(1, slot.ByStatus[TokenStatus.CheckedIn]);
        Assert.Equal(Enum.GetValues<TokenStatus>().Length, slot.ByStatus.Count);

        var lateSlot = (await h.Engine.GetSlotAnalyticsAsync(eleven.Id))!;
        Assert.Equal((2, 0.5, 2), (lateSlot.Occupancy, lateSlot.Utilization, lateSlot.Waiting));
        Assert.Equal((1, 1), (lateSlot.ByStatus[TokenStatus.NoShow], lateSlot.ByStatus[TokenStatus.Cancelled]));

        var day = await h.Engine.GetDoctorDayAnalyticsAsync(new PartitionKey(doctor.Id, h.Today));
        Assert.Equal(
            (3, 8, 7, 0, 1, 1, 2, 2, 1),
            (
                day.Slots,
                day.Capacity,
                day.Occupancy,
                day.Waitlisted,
                day.Cancelled,
                day.NoShows,
                day.Emergencies,
                day.Bumps,
                day.Overflows
            )
        );
        Assert.Equal(7.0 / 8, day.Utilization, 10);
        Assert.Equal(9, day.ByStatus.Values.Sum());
        Assert.Equal(9, day.BySource.Values.Sum());
        Assert.Equal(3, day.BySource[TokenSource.Online]);

        var system = await h.Engine.GetSystemStatusAsync();
        Assert.Equal(
            (2, 2, 2, 4, 10, 0),
            (system.Doctors, system.ActiveDoctors, system.DoctorDays, system.Slots, system.Tokens, system.Waitlisted)
        );
        Assert.Equal(10, system.ByStatus.Values.Sum());
    }

    [Fact]
    public async Task Closed_slots_leave_day_capacity_and_unknown_ids_give_empty_figures()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        await h.SlotAsync(doctor, 10, 3);
        (await h.Engine.CloseSlotAsync(new CloseSlot(nine.Id))).GetValueOrThrow();
        (await h.Engine.DeactivateDoctorAsync(new DeactivateDoctor(doctor.Id))).GetValueOrThrow();

        var day = await h.Engine.GetDoctorDayAnalyticsAsync(nine.Id.Partition);
        var empty = await h.Engine.GetDoctorDayAnalyticsAsync(nine.Id.Partition with { Date = h.Today.AddDays(9) });
        var system = await h.Engine.GetSystemStatusAsync();

        Assert.Equal((2, 3, 0.0), (day.Slots, day.Capacity, day.Utilization));
        Assert.Equal(
            (0, 0, 0.0, 0L),
            (empty.Slots, empty.Capacity, empty.Utilization, (long)empty.ByStatus.Values.Sum())
        );
        Assert.Null(await h.Engine.GetSlotAnalyticsAsync(nine.Id with { Number = 3 }));
        Assert.Null(await h.Engine.GetSlotAnalyticsAsync(default));
        Assert.Equal((1, 0), (system.Doctors, system.ActiveDoctors));
    }
}
