using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>Allocation of a request, steps 2 to 8 of design section 5.</summary>
public sealed class AllocationRuleTests
{
    [Fact]
    public async Task Preferred_slot_with_room_is_taken()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 2);

        var result = await h.AllocateAsync(doctor, "Asha", TokenSource.Online, ten);

        Assert.Equal(AllocationOutcome.Allocated, result.Outcome);
        Assert.Equal(ten.Id, result.Token.SlotId);
        Assert.Equal(TokenStatus.Allocated, result.Token.Status);
        Assert.Equal(h.Clock.GetUtcNow(), result.Token.AllocatedAt);
        Assert.Null(result.BumpedToken);
        Assert.Empty(result.Token.History);
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Without_a_preferred_slot_a_request_takes_the_first_slot_with_room()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);
        await h.FillAsync(doctor, nine, TokenSource.WalkIn);

        var paid = await h.AllocateAsync(doctor, "Ravi", TokenSource.Paid);

        // No preferred slot means no bump: the request goes straight to the first slot with room.
        Assert.Equal(AllocationOutcome.Allocated, paid.Outcome);
        Assert.Equal(ten.Id, paid.Token.SlotId);
    }

    [Fact]
    public async Task Full_preferred_slot_bumps_its_lowest_ranked_token_to_the_first_later_slot_with_room()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 3);
        var ten = await h.SlotAsync(doctor, 10, 1);
        var eleven = await h.SlotAsync(doctor, 11, 2);
        var walkIn = await h.AllocateAsync(doctor, "Walk-in first", TokenSource.WalkIn, nine);
        var online = await h.AllocateAsync(doctor, "Online", TokenSource.Online, nine);
        var laterWalkIn = await h.AllocateAsync(doctor, "Walk-in later", TokenSource.WalkIn, nine);
        await h.FillAsync(doctor, ten);
        h.Events.Take();

        var paid = await h.AllocateAsync(doctor, "Paid", TokenSource.Paid, nine);

        // Lowest rank = lowest score, then the later sequence: the second walk-in, not the first.
        Assert.Equal(AllocationOutcome.BumpedOther, paid.Outcome);
        Assert.Equal(nine.Id, paid.Token.SlotId);
        var bumped = paid.BumpedToken!;
        Assert.Equal(laterWalkIn.Token.Id, bumped.Id);
        Assert.Equal(eleven.Id, bumped.SlotId);
        Assert.Equal(TokenStatus.Allocated, bumped.Status);
        Assert.Equal(1, bumped.BumpCount);
        var move = Assert.Single(bumped.History);
        Assert.Equal(new TokenMove(h.Clock.GetUtcNow(), nine.Id, eleven.Id, MoveReason.Bumped), move);
        var day = await h.DayAsync(doctor);
        Assert.Equal(
            [paid.Token.Id, online.Token.Id, walkIn.Token.Id],
            day.GetQueue(nine.Id).Select(t => t.Id).ToArray()
        );
        var events = h.Events.TakeSingleBatch();
        Assert.Equal([typeof(TokenBumped), typeof(TokenAllocated)], events.Select(e => e.GetType()).ToArray());
        var bumpEvent = (TokenBumped)events[0];
        Assert.Equal(
            (bumped.Id, nine.Id, (SlotId?)eleven.Id, paid.Token.Id),
            (bumpEvent.TokenId, bumpEvent.FromSlotId, bumpEvent.ToSlotId, bumpEvent.ByTokenId)
        );
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Bump_never_moves_checked_in_or_emergency_or_equally_ranked_tokens()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 3);
        var ten = await h.SlotAsync(doctor, 10, 3);
        var checkedIn = await h.AllocateAsync(doctor, "Checked in", TokenSource.WalkIn, nine);
        (await h.SetStatusAsync(checkedIn.Token.Id, TokenStatus.CheckedIn)).GetValueOrThrow();
        var emergency = await h.AllocateAsync(doctor, "Emergency", TokenSource.Emergency, nine);
        var paid = await h.AllocateAsync(doctor, "Paid", TokenSource.Paid, nine);

        var secondPaid = await h.AllocateAsync(doctor, "Paid again", TokenSource.Paid, nine);

        // The walk-in is checked in, the emergency is an emergency, the first paid token ranks above the newcomer.
        Assert.Equal(AllocationOutcome.Allocated, secondPaid.Outcome);
        Assert.Equal(ten.Id, secondPaid.Token.SlotId);
        Assert.Null(secondPaid.BumpedToken);
        var day = await h.DayAsync(doctor);
        Assert.All(
            new[] { checkedIn, emergency, paid },
            r =>
                Assert.Equal(
                    (nine.Id, 0),
                    (day.FindToken(r.Token.Id)!.SlotId!.Value, day.FindToken(r.Token.Id)!.BumpCount)
                )
        );
    }

    [Fact]
    public async Task No_bump_when_no_later_slot_has_room_and_the_request_waits()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);
        await h.FillAsync(doctor, nine);
        var walkIn = (await h.FillAsync(doctor, ten)).Single();

        var paid = await h.AllocateAsync(doctor, "Paid", TokenSource.Paid, ten);

        Assert.Equal(AllocationOutcome.Waitlisted, paid.Outcome);
        Assert.Equal(TokenStatus.Waitlisted, paid.Token.Status);
        Assert.Null(paid.Token.SlotId);
        Assert.Null(paid.BumpedToken);
        var day = await h.DayAsync(doctor);
        Assert.Equal((ten.Id, 0), (day.FindToken(walkIn.Id)!.SlotId!.Value, day.FindToken(walkIn.Id)!.BumpCount));
        Assert.Equal(paid.Token.Id, Assert.Single(day.Waitlist).Id);
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task No_bump_when_no_later_slot_has_room_and_the_request_takes_an_earlier_slot_with_room()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);
        await h.FillAsync(doctor, ten);

        var paid = await h.AllocateAsync(doctor, "Paid", TokenSource.Paid, ten);

        // Invariant 3 forbids waiting beside a free seat, so an earlier slot beats the waitlist.
        Assert.Equal(AllocationOutcome.Allocated, paid.Outcome);
        Assert.Equal(nine.Id, paid.Token.SlotId);
        Assert.Null(paid.BumpedToken);
    }

    [Fact]
    public async Task Full_preferred_slot_without_a_bump_takes_a_later_slot_before_an_earlier_one()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);
        var eleven = await h.SlotAsync(doctor, 11, 1);
        await h.FillAsync(doctor, ten, TokenSource.Paid);

        var walkIn = await h.AllocateAsync(doctor, "Walk-in", TokenSource.WalkIn, ten);

        Assert.Equal(AllocationOutcome.Allocated, walkIn.Outcome);
        Assert.Equal(eleven.Id, walkIn.Token.SlotId);
    }

    [Fact]
    public async Task Emergency_without_a_preferred_slot_targets_the_earliest_open_slot_and_bumps_there()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 2);
        var fillers = await h.FillAsync(doctor, nine);

        var emergency = await h.AllocateAsync(doctor, "Emergency", TokenSource.Emergency);

        Assert.Equal(AllocationOutcome.BumpedOther, emergency.Outcome);
        Assert.Equal(nine.Id, emergency.Token.SlotId);
        Assert.Equal(1000, emergency.Token.PriorityScore);
        Assert.False(emergency.Token.IsOverflow);
        Assert.Equal(fillers[1].Id, emergency.BumpedToken!.Id);
        Assert.Equal(ten.Id, emergency.BumpedToken.SlotId);
    }

    [Fact]
    public async Task Emergency_overflows_a_full_slot_when_nobody_can_be_moved_to_a_later_slot()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var fillers = await h.FillAsync(doctor, nine);
        h.Events.Take();

        var emergency = await h.AllocateAsync(doctor, "Emergency", TokenSource.Emergency, nine);

        Assert.Equal(AllocationOutcome.Overflow, emergency.Outcome);
        Assert.Equal(nine.Id, emergency.Token.SlotId);
        Assert.True(emergency.Token.IsOverflow);
        Assert.Null(emergency.BumpedToken);
        var day = await h.DayAsync(doctor);
        Assert.Equal(3, day.GetOccupancy(nine.Id));
        Assert.Equal(0, day.GetFreeSeats(nine.Id));
        Assert.All(fillers, f => Assert.Equal(nine.Id, day.FindToken(f.Id)!.SlotId));
        var events = h.Events.TakeSingleBatch();
        var overflow = Assert.IsType<EmergencyOverflowed>(events[0]);
        Assert.Equal(
            (emergency.Token.Id, nine.Id, 3, 2),
            (overflow.TokenId, overflow.SlotId, overflow.Occupancy, overflow.MaxCapacity)
        );
        Assert.Equal(AllocationOutcome.Overflow, Assert.IsType<TokenAllocated>(events[1]).Outcome);
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Emergency_past_the_slot_overflow_allowance_bumps_the_lowest_ranked_token_to_the_waitlist()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var online = await h.AllocateAsync(doctor, "Online", TokenSource.Online, nine);
        var walkIn = await h.AllocateAsync(doctor, "Walk-in", TokenSource.WalkIn, nine);
        await h.AllocateAsync(doctor, "First emergency", TokenSource.Emergency, nine);

        var second = await h.AllocateAsync(doctor, "Second emergency", TokenSource.Emergency, nine);

        Assert.Equal(AllocationOutcome.BumpedOther, second.Outcome);
        Assert.False(second.Token.IsOverflow);
        var bumped = second.BumpedToken!;
        Assert.Equal(walkIn.Token.Id, bumped.Id);
        Assert.Equal(TokenStatus.Waitlisted, bumped.Status);
        Assert.Null(bumped.SlotId);
        Assert.Equal(1, bumped.BumpCount);
        Assert.Equal(new TokenMove(h.Clock.GetUtcNow(), nine.Id, null, MoveReason.Bumped), bumped.History.Single());
        var day = await h.DayAsync(doctor);
        Assert.Equal(3, day.GetOccupancy(nine.Id));
        Assert.Equal(nine.Id, day.FindToken(online.Token.Id)!.SlotId);
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Emergency_into_a_slot_full_of_emergencies_takes_the_next_slot_with_room_or_waits()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.AllocateAsync(doctor, "E1", TokenSource.Emergency, nine);
        var overflowed = await h.AllocateAsync(doctor, "E2", TokenSource.Emergency, nine);
        Assert.Equal(AllocationOutcome.Overflow, overflowed.Outcome);

        var waiting = await h.AllocateAsync(doctor, "E3", TokenSource.Emergency, nine);
        var ten = await h.SlotAsync(doctor, 10, 1);
        var day = await h.DayAsync(doctor);
        var moved = day.FindToken(waiting.Token.Id)!;

        Assert.Equal(AllocationOutcome.Waitlisted, waiting.Outcome);
        Assert.Equal(2, day.GetOccupancy(nine.Id));
        // The new slot takes the waiting emergency at once (no waitlist beside a free seat).
        Assert.Equal(ten.Id, moved.SlotId);
        Assert.Equal(MoveReason.Promoted, moved.History.Single().Reason);

        // Both slots are full of emergencies now: nobody to bump, no allowance left, no seat anywhere.
        var fourth = await h.AllocateAsync(doctor, "E4", TokenSource.Emergency, nine);
        Assert.Equal(AllocationOutcome.Waitlisted, fourth.Outcome);
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Emergency_with_overflow_disabled_bumps_to_the_waitlist_at_once()
    {
        using var h = Hospital.Open(o => o.EmergencyOverflowPerSlot = 0);
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var walkIn = (await h.FillAsync(doctor, nine)).Single();

        var emergency = await h.AllocateAsync(doctor, "Emergency", TokenSource.Emergency, nine);

        Assert.Equal(AllocationOutcome.BumpedOther, emergency.Outcome);
        Assert.Equal(walkIn.Id, emergency.BumpedToken!.Id);
        Assert.Equal(TokenStatus.Waitlisted, emergency.BumpedToken.Status);
    }

    [Fact]
    public async Task Daily_overflow_cap_counts_every_overflow_of_the_day_even_cancelled_ones()
    {
        using var h = Hospital.Open(o => o.EmergencyOverflowPerDay = 1);
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);
        await h.FillAsync(doctor, nine);
        var walkInAtTen = (await h.FillAsync(doctor, ten)).Single();
        var first = await h.AllocateAsync(doctor, "E1", TokenSource.Emergency, nine);
        Assert.Equal(AllocationOutcome.Overflow, first.Outcome);
        (await h.SetStatusAsync(first.Token.Id, TokenStatus.Cancelled)).GetValueOrThrow();

        var second = await h.AllocateAsync(doctor, "E2", TokenSource.Emergency, ten);

        Assert.Equal(AllocationOutcome.BumpedOther, second.Outcome);
        Assert.False(second.Token.IsOverflow);
        Assert.Equal(walkInAtTen.Id, second.BumpedToken!.Id);
        Assert.Equal(TokenStatus.Waitlisted, second.BumpedToken.Status);
        var analytics = await h.Engine.GetDoctorDayAnalyticsAsync(second.Token.Partition);
        Assert.Equal(1, analytics.Overflows);
    }

    [Fact]
    public async Task Overflowed_emergency_keeps_its_review_flag_after_others_leave_the_slot()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var fillers = await h.FillAsync(doctor, nine);
        var emergency = await h.AllocateAsync(doctor, "Emergency", TokenSource.Emergency, nine);
        (await h.SetStatusAsync(fillers[0].Id, TokenStatus.Cancelled)).GetValueOrThrow();

        // The slot is back within capacity, so its overflow allowance (occupancy - capacity) is free again.
        var second = await h.AllocateAsync(doctor, "Second emergency", TokenSource.Emergency, nine);

        Assert.True((await h.TokenAsync(emergency.Token.Id)).IsOverflow);
        Assert.Equal(AllocationOutcome.Overflow, second.Outcome);
        var slot = (await h.Engine.GetSlotAnalyticsAsync(nine.Id))!;
        Assert.Equal((3, 2, 1.0), (slot.Occupancy, slot.Overflows, slot.Utilization));
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Request_with_no_seat_anywhere_is_waitlisted_with_alternatives()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync("Dr Rao", "Cardiology");
        var colleague = await h.DoctorAsync("Dr Iyer", "cardiology");
        var inactive = await h.DoctorAsync("Dr Sen", "Cardiology");
        var otherSpecialty = await h.DoctorAsync("Dr Das", "Dermatology");
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.FillAsync(doctor, nine);
        var tomorrow = await h.SlotAsync(doctor, 9, 4, dayOffset: 1);
        var colleagueSlot = await h.SlotAsync(colleague, 10, 3);
        await h.SlotAsync(inactive, 9, 3);
        await h.SlotAsync(otherSpecialty, 9, 3);
        (await h.Engine.DeactivateDoctorAsync(new DeactivateDoctor(inactive.Id))).GetValueOrThrow();

        var result = await h.AllocateAsync(doctor, "Late comer", TokenSource.Online, nine);

        Assert.Equal(AllocationOutcome.Waitlisted, result.Outcome);
        Assert.Equal([tomorrow.Id, colleagueSlot.Id], result.Alternatives.Select(a => a.SlotId).ToArray());
        Assert.Equal(
            new Alternative(tomorrow.Id, doctor.Id, tomorrow.Date, new TimeOnly(9, 0), new TimeOnly(10, 0), 4),
            result.Alternatives[0]
        );
    }

    [Fact]
    public async Task Alternatives_are_open_slots_with_free_seats_on_the_days_searched_then_colleagues_by_id()
    {
        using var h = Hospital.Open(o =>
        {
            o.AlternativeDays = 2;
            o.MaxAlternatives = 5;
        });
        var doctor = await h.DoctorAsync("Dr Rao", "Cardiology");
        var colleague = await h.DoctorAsync("Dr Iyer", "Cardiology");
        var laterColleague = await h.DoctorAsync("Dr Sen", "Cardiology");
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.FillAsync(doctor, nine);
        await h.FillAsync(doctor, await h.SlotAsync(doctor, 9, 1, dayOffset: 1));
        var lastDaySearched = await h.SlotAsync(doctor, 9, 2, dayOffset: 2);
        await h.SlotAsync(doctor, 9, 2, dayOffset: 3);
        await h.SlotAsync(colleague, 8, 2, minutes: 30);
        await h.FillAsync(colleague, await h.SlotAsync(colleague, 10, 1));
        var colleagueEleven = await h.SlotAsync(colleague, 11, 2);
        var laterColleagueNine = await h.SlotAsync(laterColleague, 9, 2);
        h.Clock.Advance(TimeSpan.FromMinutes(45));

        var waitlisted = await h.AllocateAsync(doctor, "Late comer", TokenSource.Online, nine);
        var allocated = await h.AllocateAsync(laterColleague, "On time", TokenSource.Online, laterColleagueNine);

        // Full slots, the slot that has ended and the day past the search window are not offered.
        Assert.Equal(
            [lastDaySearched.Id, colleagueEleven.Id, laterColleagueNine.Id],
            waitlisted.Alternatives.Select(a => a.SlotId).ToArray()
        );
        Assert.Equal(AllocationOutcome.Allocated, allocated.Outcome);
        Assert.Empty(allocated.Alternatives);
    }

    [Fact]
    public async Task Alternatives_are_at_most_the_configured_number()
    {
        using var h = Hospital.Open(o => o.MaxAlternatives = 2);
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.FillAsync(doctor, nine);
        for (var day = 1; day <= 3; day++)
        {
            await h.SlotAsync(doctor, 9, 1, dayOffset: day);
        }

        var result = await h.AllocateAsync(doctor, "Late comer", TokenSource.Online, nine);

        Assert.Equal(2, result.Alternatives.Length);
        Assert.Equal([h.Today.AddDays(1), h.Today.AddDays(2)], result.Alternatives.Select(a => a.Date).ToArray());
    }

    [Fact]
    public async Task Request_that_will_not_wait_is_rejected_with_alternatives_and_creates_no_token()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.FillAsync(doctor, nine);
        var tomorrow = await h.SlotAsync(doctor, 9, 1, dayOffset: 1);
        var before = await h.DayAsync(doctor);
        h.Events.Take();

        var result = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Impatient", TokenSource.Paid, nine) with
            {
                WaitlistIfFull = false,
            }
        );

        var error = Refused.With(result, AllocationErrorCode.SlotFull);
        Assert.Equal(tomorrow.Id, Assert.Single(error.Alternatives).SlotId);
        Assert.Same(before, await h.DayAsync(doctor));
        Assert.Empty(h.Events.Take());
    }

    [Fact]
    public async Task Tiered_score_is_stored_on_the_token_with_the_early_booking_bonus_for_tomorrow()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var today = await h.SlotAsync(doctor, 9, 5);
        var tomorrow = await h.SlotAsync(doctor, 9, 5, dayOffset: 1);

        var paidToday = await h.AllocateAsync(doctor, "A", TokenSource.Paid, today);
        var paidTomorrow = await h.AllocateAsync(doctor, "B", TokenSource.Paid, tomorrow);
        var emergencyTomorrow = await h.AllocateAsync(doctor, "C", TokenSource.Emergency, tomorrow);

        Assert.Equal(100, paidToday.Token.PriorityScore);
        Assert.Equal(105, paidTomorrow.Token.PriorityScore);
        Assert.Equal(1000, emergencyTomorrow.Token.PriorityScore);
    }

    [Fact]
    public async Task Weighted_policy_scores_against_the_first_considered_slot()
    {
        using var h = Hospital.Open(o => o.PriorityPolicy = "weighted");
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 5);
        await h.AllocateAsync(doctor, "A", TokenSource.WalkIn, nine);
        await h.AllocateAsync(doctor, "B", TokenSource.WalkIn, nine);

        var online = await h.AllocateAsync(doctor, "C", TokenSource.Online, nine);

        Assert.Equal(3 * 10 + (10 - 2), online.Token.PriorityScore);
    }
}
