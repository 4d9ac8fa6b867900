using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>The guards of the fairness issue: idempotency keys, one active token per patient, the bump limit.</summary>
public sealed class FairnessGuardTests
{
    [Fact]
    public async Task Idempotent_replay_returns_the_original_token_and_changes_nothing()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.SlotAsync(doctor, 10, 1);
        var walkIn = (await h.FillAsync(doctor, nine)).Single();
        var request = Hospital.Request(doctor, "Asha", TokenSource.Paid, nine) with { IdempotencyKey = "req-1" };
        var original = (await h.Engine.AllocateAsync(request)).GetValueOrThrow();
        var before = await h.DayAsync(doctor);
        h.Events.Take();

        var replay = (await h.Engine.AllocateAsync(request)).GetValueOrThrow();

        Assert.True(replay.IsReplay);
        Assert.False(original.IsReplay);
        Assert.Equal(AllocationOutcome.BumpedOther, replay.Outcome);
        Assert.Equal(original.Token, replay.Token);
        Assert.Equal(walkIn.Id, replay.BumpedToken!.Id);
        Assert.Same(before, await h.DayAsync(doctor));
        Assert.Empty(h.Events.Take());
    }

    [Fact]
    public async Task Replay_answers_with_the_token_as_it_is_now()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var request = Hospital.Request(doctor, "Asha", TokenSource.Online, nine) with { IdempotencyKey = "req-1" };
        var original = (await h.Engine.AllocateAsync(request)).GetValueOrThrow();
        (await h.SetStatusAsync(original.Token.Id, TokenStatus.CheckedIn)).GetValueOrThrow();

        var replay = (await h.Engine.AllocateAsync(request)).GetValueOrThrow();

        Assert.Equal(original.Token.Id, replay.Token.Id);
        Assert.Equal(TokenStatus.CheckedIn, replay.Token.Status);
        Assert.Equal(AllocationOutcome.Allocated, replay.Outcome);
    }

    [Fact]
    public async Task Replay_still_answers_after_the_slot_ended_and_the_doctor_stopped_taking_tokens()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var request = Hospital.Request(doctor, "Asha", TokenSource.Online, nine) with { IdempotencyKey = "req-1" };
        var original = (await h.Engine.AllocateAsync(request)).GetValueOrThrow();
        h.Clock.SetUtcNow(nine.EndsAt.AddMinutes(5));
        (await h.Engine.DeactivateDoctorAsync(new DeactivateDoctor(doctor.Id))).GetValueOrThrow();

        var replay = await h.Engine.AllocateAsync(request);
        var fresh = await h.Engine.AllocateAsync(request with { IdempotencyKey = "req-2" });

        Assert.Equal(original.Token.Id, replay.Value!.Token.Id);
        Assert.True(replay.Value.IsReplay);
        Refused.With(fresh, AllocationErrorCode.DoctorUnavailable, doctor.Id);
    }

    [Fact]
    public async Task Same_key_with_a_different_request_is_refused_and_changes_nothing()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 5);
        var ten = await h.SlotAsync(doctor, 10, 5);
        var request = Hospital.Request(doctor, "Asha", TokenSource.Online, nine) with { IdempotencyKey = "req-1" };
        (await h.Engine.AllocateAsync(request)).GetValueOrThrow();
        var before = await h.DayAsync(doctor);

        var variants = new[]
        {
            request with
            {
                Patient = new Patient("Asha R"),
            },
            request with
            {
                Patient = request.Patient with { Phone = "0123456789" },
            },
            request with
            {
                Patient = request.Patient with { PatientId = "MRN-1" },
            },
            request with
            {
                Source = TokenSource.Paid,
            },
            request with
            {
                PreferredSlotId = ten.Id,
            },
            request with
            {
                WaitlistIfFull = false,
            },
        };
        foreach (var variant in variants)
        {
            var result = await h.Engine.AllocateAsync(variant);
            Refused.With(result, AllocationErrorCode.IdempotencyKeyReused);
        }

        Assert.Same(before, await h.DayAsync(doctor));
    }

    [Fact]
    public async Task Keys_are_remembered_per_doctor_day()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var other = await h.DoctorAsync("Dr Iyer");
        await h.SlotAsync(doctor, 9, 5);
        await h.SlotAsync(doctor, 9, 5, dayOffset: 1);
        await h.SlotAsync(other, 9, 5);
        var request = Hospital.Request(doctor, "Asha", TokenSource.Online) with { IdempotencyKey = "req-1" };

        var first = (await h.Engine.AllocateAsync(request)).GetValueOrThrow();
        var tomorrow = (await h.Engine.AllocateAsync(request with { Date = h.Today.AddDays(1) })).GetValueOrThrow();
        var otherDoctor = (await h.Engine.AllocateAsync(request with { DoctorId = other.Id })).GetValueOrThrow();

        Assert.False(tomorrow.IsReplay);
        Assert.False(otherDoctor.IsReplay);
        Assert.Equal(3, new[] { first.Token.Id, tomorrow.Token.Id, otherDoctor.Token.Id }.Distinct().Count());
        var record = (await h.DayAsync(doctor)).IdempotencyRecords["req-1"];
        Assert.Equal(
            (first.Token.Id, AllocationOutcome.Allocated, (TokenId?)null),
            (record.TokenId, record.Outcome, record.BumpedTokenId)
        );
    }

    [Fact]
    public async Task Rejected_request_leaves_no_key_behind()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var walkIn = (await h.FillAsync(doctor, nine)).Single();
        var request = Hospital.Request(doctor, "Asha", TokenSource.Online, nine) with
        {
            IdempotencyKey = "req-1",
            WaitlistIfFull = false,
        };
        Assert.Equal(AllocationErrorCode.SlotFull, (await h.Engine.AllocateAsync(request)).Error!.Code);
        (await h.SetStatusAsync(walkIn.Id, TokenStatus.Cancelled)).GetValueOrThrow();

        var retry = await h.Engine.AllocateAsync(request);

        Assert.False(retry.Value!.IsReplay);
        Assert.Equal(nine.Id, retry.Value.Token.SlotId);
    }

    [Fact]
    public async Task Duplicate_patient_is_refused_naming_the_existing_token()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.FillAsync(doctor, nine);
        var waiting = await h.AllocateAsync(doctor, "Asha", TokenSource.Online, patientId: "MRN-7");
        Assert.Equal(TokenStatus.Waitlisted, waiting.Token.Status);
        var before = await h.DayAsync(doctor);

        var again = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Asha Rao", TokenSource.Paid, patientId: "MRN-7")
        );

        Assert.Equal(AllocationErrorCode.DuplicatePatient, again.Error!.Code);
        Assert.Equal(waiting.Token.Id, again.Error.ExistingTokenId);
        Assert.Contains(waiting.Token.Id.ToString(), again.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MRN-7", again.Error.Message, StringComparison.Ordinal);
        Assert.Same(before, await h.DayAsync(doctor));
    }

    [Theory]
    [InlineData(TokenStatus.Cancelled)]
    [InlineData(TokenStatus.NoShow)]
    [InlineData(TokenStatus.Completed)]
    public async Task Patient_whose_token_has_ended_may_book_again(TokenStatus ending)
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 3);
        var first = await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine, "MRN-7");
        var path = ending switch
        {
            TokenStatus.Completed => new[] { TokenStatus.CheckedIn, TokenStatus.Consulting, TokenStatus.Completed },
            _ => [ending],
        };
        foreach (var status in path)
        {
            (await h.SetStatusAsync(first.Token.Id, status)).GetValueOrThrow();
        }

        var second = await h.Engine.AllocateAsync(Hospital.Request(doctor, "Asha", TokenSource.Online, nine, "MRN-7"));

        Assert.True(second.IsSuccess, second.Error?.Message);
        Assert.Equal(second.Value.Token.Id, (await h.DayAsync(doctor)).FindActiveToken("MRN-7")!.Id);
    }

    [Fact]
    public async Task Same_patient_may_hold_tokens_with_different_doctors_and_days()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var other = await h.DoctorAsync("Dr Iyer");
        await h.SlotAsync(doctor, 9, 3);
        await h.SlotAsync(doctor, 9, 3, dayOffset: 1);
        await h.SlotAsync(other, 9, 3);
        var request = Hospital.Request(doctor, "Asha", TokenSource.Online, patientId: "MRN-7");

        Assert.True((await h.Engine.AllocateAsync(request)).IsSuccess);
        Assert.True((await h.Engine.AllocateAsync(request with { Date = h.Today.AddDays(1) })).IsSuccess);
        Assert.True((await h.Engine.AllocateAsync(request with { DoctorId = other.Id })).IsSuccess);
    }

    [Fact]
    public async Task Emergency_replaces_the_patients_earlier_booking_cancelling_it_with_a_reason()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);
        await h.FillAsync(doctor, nine);
        var booking = await h.AllocateAsync(doctor, "Asha", TokenSource.Online, ten, "MRN-7");
        h.Events.Take();

        var emergency = await h.AllocateAsync(doctor, "Asha", TokenSource.Emergency, nine, "MRN-7");

        var cancelled = await h.TokenAsync(booking.Token.Id);
        Assert.Equal(TokenStatus.Cancelled, cancelled.Status);
        Assert.Equal("Replaced by an emergency token.", cancelled.CancellationReason);
        Assert.Equal(h.Clock.GetUtcNow(), cancelled.CancelledAt);
        Assert.Equal(AllocationOutcome.BumpedOther, emergency.Outcome);
        Assert.Equal(nine.Id, emergency.Token.SlotId);
        var day = await h.DayAsync(doctor);
        Assert.Equal(emergency.Token.Id, day.FindActiveToken("MRN-7")!.Id);
        // The bumped walk-in takes the seat the cancelled booking freed.
        Assert.Equal(ten.Id, emergency.BumpedToken!.SlotId);
        var events = h.Events.TakeSingleBatch();
        var cancelEvent = Assert.IsType<TokenCancelled>(events[0]);
        Assert.Equal(
            (booking.Token.Id, TokenStatus.Allocated, (SlotId?)ten.Id),
            (cancelEvent.TokenId, cancelEvent.From, cancelEvent.SlotId)
        );
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Emergency_for_a_patient_already_with_the_doctor_is_refused_as_a_duplicate()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 3);
        var booking = await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine, "MRN-7");
        (await h.SetStatusAsync(booking.Token.Id, TokenStatus.CheckedIn)).GetValueOrThrow();
        (await h.SetStatusAsync(booking.Token.Id, TokenStatus.Consulting)).GetValueOrThrow();

        var emergency = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Asha", TokenSource.Emergency, nine, "MRN-7")
        );

        Assert.Equal(AllocationErrorCode.DuplicatePatient, emergency.Error!.Code);
        Assert.Equal(booking.Token.Id, emergency.Error.ExistingTokenId);
    }

    [Fact]
    public async Task Bump_limit_makes_the_next_lowest_token_the_one_bumped()
    {
        using var h = Hospital.Open(o => o.MaxBumpsPerToken = 1);
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 3);
        var eleven = await h.SlotAsync(doctor, 11, 3);
        var walkIn = (await h.FillAsync(doctor, nine)).Single();
        var firstBump = await h.AllocateAsync(doctor, "Paid 1", TokenSource.Paid, nine);
        Assert.Equal((walkIn.Id, ten.Id), (firstBump.BumpedToken!.Id, firstBump.BumpedToken.SlotId!.Value));
        var online1 = await h.AllocateAsync(doctor, "Online 1", TokenSource.Online, ten);
        var online2 = await h.AllocateAsync(doctor, "Online 2", TokenSource.Online, ten);

        var secondBump = await h.AllocateAsync(doctor, "Paid 2", TokenSource.Paid, ten);

        // The walk-in ranks lowest but has used its one bump; the lower-ranked of the two online tokens moves.
        Assert.Equal(online2.Token.Id, secondBump.BumpedToken!.Id);
        Assert.Equal(eleven.Id, secondBump.BumpedToken.SlotId);
        var day = await h.DayAsync(doctor);
        Assert.Equal((ten.Id, 1), (day.FindToken(walkIn.Id)!.SlotId!.Value, day.FindToken(walkIn.Id)!.BumpCount));
        Assert.Equal(ten.Id, day.FindToken(online1.Token.Id)!.SlotId);
        var analytics = await h.Engine.GetDoctorDayAnalyticsAsync(day.Key);
        Assert.Equal(2, analytics.Bumps);
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Token_at_the_bump_limit_is_not_bumped_even_by_an_emergency()
    {
        using var h = Hospital.Open(o =>
        {
            o.MaxBumpsPerToken = 0;
            o.EmergencyOverflowPerSlot = 0;
        });
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);
        var walkIn = (await h.FillAsync(doctor, nine)).Single();

        var paid = await h.AllocateAsync(doctor, "Paid", TokenSource.Paid, nine);
        var emergency = await h.AllocateAsync(doctor, "Emergency", TokenSource.Emergency, nine);

        Assert.Equal((AllocationOutcome.Allocated, (SlotId?)ten.Id), (paid.Outcome, paid.Token.SlotId));
        Assert.Equal(AllocationOutcome.Waitlisted, emergency.Outcome);
        Assert.Equal(nine.Id, (await h.TokenAsync(walkIn.Id)).SlotId);
    }
}
