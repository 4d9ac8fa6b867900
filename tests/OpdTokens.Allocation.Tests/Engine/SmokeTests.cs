using OpdTokens.Allocation.Commands;
using OpdTokens.Allocation.Engine;
using OpdTokens.Allocation.Models;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Tests.Engine;

public sealed class SmokeTests
{
    [Fact]
    public async Task Allocates_into_a_slot_then_bumps_the_lowest_walk_in()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), timeProvider: clock);
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr A", "Cardiology"))).GetValueOrThrow();
        var s1 = (await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(9, 0), new(10, 0), 2)))
            .GetValueOrThrow()
            .Slot;
        var s2 = (await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(10, 0), new(11, 0), 2)))
            .GetValueOrThrow()
            .Slot;
        var w1 = (
            await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("P1"), TokenSource.WalkIn) { PreferredSlotId = s1.Id }
            )
        ).GetValueOrThrow();
        var w2 = (
            await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("P2"), TokenSource.WalkIn) { PreferredSlotId = s1.Id }
            )
        ).GetValueOrThrow();
        var paid = (
            await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("P3"), TokenSource.Paid) { PreferredSlotId = s1.Id }
            )
        ).GetValueOrThrow();
        Assert.Equal(AllocationOutcome.Allocated, w1.Outcome);
        Assert.Equal(AllocationOutcome.BumpedOther, paid.Outcome);
        Assert.Equal(w2.Token.Id, paid.BumpedToken!.Id);
        Assert.Equal(s2.Id, paid.BumpedToken.SlotId);
        var day = await engine.GetDoctorDayAsync(s1.Id.Partition);
        Assert.Equal(2, day.GetOccupancy(s1.Id));
        Assert.Equal(paid.Token.Id, day.GetQueue(s1.Id).Min!.Id);
        Assert.Equal("DOC" + doctor.Id + "-20261121-0003", paid.Token.Number);
    }
}
