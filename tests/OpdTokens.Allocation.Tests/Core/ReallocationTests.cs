using OpdTokens.Allocation.Commands;
using OpdTokens.Allocation.Events;
using OpdTokens.Allocation.Models;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>The desk moves an allocated or checked-in token to another slot of its doctor-day.</summary>
public sealed class ReallocationTests
{
    [Fact]
    public async Task Token_moves_to_a_slot_with_room_keeping_its_status_and_recording_the_reason()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 2);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine)).Token;
        (await h.SetStatusAsync(token.Id, TokenStatus.CheckedIn)).GetValueOrThrow();
        h.Events.Take();

        var moved = (
            await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, ten.Id) { Reason = "Asked for later" })
        ).GetValueOrThrow();

        Assert.Equal((ten.Id, TokenStatus.CheckedIn), (moved.SlotId!.Value, moved.Status));
        Assert.Equal(
            new TokenMove(h.Clock.GetUtcNow(), nine.Id, ten.Id, MoveReason.Reallocated, "Asked for later"),
            moved.History.Single()
        );
        var day = await h.DayAsync(doctor);
        Assert.Equal((0, 1), (day.GetOccupancy(nine.Id), day.GetOccupancy(ten.Id)));
        var reallocated = Assert.IsType<TokenReallocated>(Assert.Single(h.Events.TakeSingleBatch()));
        Assert.Equal(
            (token.Id, nine.Id, (SlotId?)ten.Id, MoveReason.Reallocated),
            (reallocated.TokenId, reallocated.FromSlotId, reallocated.ToSlotId, reallocated.Reason)
        );
    }

    [Fact]
    public async Task Reallocation_into_a_full_slot_is_refused()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 1);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Paid, nine)).Token;
        await h.FillAsync(doctor, ten);
        var before = await h.DayAsync(doctor);

        var result = await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, ten.Id));

        Assert.Equal(AllocationErrorCode.SlotFull, result.Error!.Code);
        Assert.Same(before, await h.DayAsync(doctor));
    }

    [Fact]
    public async Task Reallocation_into_a_closed_or_ended_slot_is_refused()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 2);
        var eleven = await h.SlotAsync(doctor, 11, 2);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, ten)).Token;
        (await h.Engine.CloseSlotAsync(new CloseSlot(eleven.Id))).GetValueOrThrow();
        h.Clock.SetUtcNow(nine.EndsAt);

        var intoEnded = await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, nine.Id));
        var intoClosed = await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, eleven.Id));

        Assert.Equal(AllocationErrorCode.SlotUnavailable, intoEnded.Error!.Code);
        Assert.Equal(AllocationErrorCode.SlotUnavailable, intoClosed.Error!.Code);
    }

    [Fact]
    public async Task Only_allocated_or_checked_in_tokens_can_be_reallocated()
    {
        foreach (var status in new[] { TokenStatus.Waitlisted, TokenStatus.Consulting, TokenStatus.Cancelled })
        {
            using var h = Hospital.Open();
            var doctor = await h.DoctorAsync();
            var token = await TokenTransitionTests.TokenInStatusAsync(h, doctor, status);
            var nine = new SlotId(token.Partition, 1);

            var result = await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, nine));

            Assert.Equal(AllocationErrorCode.InvalidTransition, result.Error!.Code);
        }
    }

    [Fact]
    public async Task Bad_targets_are_refused_with_the_field_named()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var tomorrow = await h.SlotAsync(doctor, 9, 2, dayOffset: 1);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine)).Token;

        var sameSlot = await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, nine.Id));
        var otherDay = await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, tomorrow.Id));
        var unknownSlot = await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, nine.Id with { Number = 9 }));
        var unknownToken = await h.Engine.ReallocateAsync(new ReallocateToken(token.Id with { Sequence = 9 }, nine.Id));
        var badReason = await h.Engine.ReallocateAsync(
            new ReallocateToken(token.Id, nine.Id) { Reason = new string('x', 201) }
        );

        Assert.Equal("slotId", Assert.Single(sameSlot.Error!.FieldErrors).Field);
        Assert.Equal("slotId", Assert.Single(otherDay.Error!.FieldErrors).Field);
        Assert.Equal(AllocationErrorCode.NotFound, unknownSlot.Error!.Code);
        Assert.Equal(AllocationErrorCode.NotFound, unknownToken.Error!.Code);
        Assert.Equal("reason", Assert.Single(badReason.Error!.FieldErrors).Field);
    }
}
