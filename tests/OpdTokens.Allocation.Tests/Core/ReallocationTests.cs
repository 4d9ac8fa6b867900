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
    public async Task Moved_token_keeps_the_time_it_was_first_allocated()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 2);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine)).Token;
        h.Clock.Advance(TimeSpan.FromMinutes(10));

        var moved = (await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, ten.Id))).GetValueOrThrow();

        Assert.Equal(Hospital.Opening, token.AllocatedAt);
        Assert.Equal(Hospital.Opening, moved.AllocatedAt);
        Assert.Equal(h.Clock.GetUtcNow(), moved.History.Single().At);
    }

    [Fact]
    public async Task History_keeps_only_the_most_recent_moves_oldest_first()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        Slot[] slots = [await h.SlotAsync(doctor, 9, 1), await h.SlotAsync(doctor, 10, 1)];
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, slots[0])).Token;
        var moves = Token.HistoryLimit + 2;

        for (var move = 1; move <= moves; move++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(1));
            (await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, slots[move % 2].Id))).GetValueOrThrow();
        }

        var history = (await h.TokenAsync(token.Id)).History;
        Assert.Equal(Token.HistoryLimit, history.Length);
        Assert.Equal(Hospital.Opening.AddMinutes(3), history[0].At);
        Assert.Equal(Hospital.Opening.AddMinutes(moves), history[^1].At);
        Assert.Equal(slots[moves % 2].Id, history[^1].To);
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

        Refused.With(result, AllocationErrorCode.SlotFull, ten.Id);
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

        Refused.With(intoEnded, AllocationErrorCode.SlotUnavailable, nine.Id);
        Refused.With(intoClosed, AllocationErrorCode.SlotUnavailable, eleven.Id);
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

            Refused.With(result, AllocationErrorCode.InvalidTransition, token.Id, status);
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

        Refused.OnField(sameSlot, "slotId");
        Refused.OnField(otherDay, "slotId");
        Refused.With(unknownSlot, AllocationErrorCode.NotFound, nine.Id with { Number = 9 });
        Refused.With(unknownToken, AllocationErrorCode.NotFound, token.Id with { Sequence = 9 });
        Refused.OnField(badReason, "reason");
    }
}
