using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>Check in, start consultation, complete, cancel and no-show, with waitlist promotion.</summary>
public sealed class TokenTransitionTests
{
    private static readonly Dictionary<TokenStatus, TokenStatus[]> Allowed = new()
    {
        [TokenStatus.Waitlisted] = [TokenStatus.Cancelled],
        [TokenStatus.Allocated] = [TokenStatus.CheckedIn, TokenStatus.Cancelled, TokenStatus.NoShow],
        [TokenStatus.CheckedIn] = [TokenStatus.Consulting, TokenStatus.Cancelled],
        [TokenStatus.Consulting] = [TokenStatus.Completed],
        [TokenStatus.Completed] = [],
        [TokenStatus.Cancelled] = [],
        [TokenStatus.NoShow] = [],
    };

    [Fact]
    public async Task Every_transition_outside_the_life_cycle_is_refused_and_changes_nothing()
    {
        foreach (var from in Enum.GetValues<TokenStatus>())
        {
            foreach (var to in Enum.GetValues<TokenStatus>().Append((TokenStatus)99))
            {
                using var h = Hospital.Open();
                var doctor = await h.DoctorAsync();
                var token = await TokenInStatusAsync(h, doctor, from);
                var before = await h.DayAsync(doctor);

                var result = await h.SetStatusAsync(token.Id, to);

                if (Allowed[from].Contains(to))
                {
                    Assert.True(result.IsSuccess, $"{from} -> {to}: {result.Error?.Message}");
                    Assert.Equal(to, result.Value.Token.Status);
                }
                else
                {
                    Assert.True(
                        result.Error?.Code == AllocationErrorCode.InvalidTransition,
                        $"{from} -> {to} should be an invalid transition."
                    );
                    Assert.Same(before, await h.DayAsync(doctor));
                }
            }
        }
    }

    [Fact]
    public async Task Check_in_start_and_complete_stamp_their_times_and_keep_the_seat()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine)).Token;
        h.Events.Take();

        h.Clock.Advance(TimeSpan.FromMinutes(50));
        var checkedIn = (await h.SetStatusAsync(token.Id, TokenStatus.CheckedIn)).GetValueOrThrow().Token;
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var consulting = (await h.SetStatusAsync(token.Id, TokenStatus.Consulting)).GetValueOrThrow().Token;
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var completed = (await h.SetStatusAsync(token.Id, TokenStatus.Completed)).GetValueOrThrow().Token;

        Assert.Equal(Hospital.Opening.AddMinutes(50), checkedIn.CheckedInAt);
        Assert.Equal(Hospital.Opening.AddMinutes(60), consulting.ConsultationStartedAt);
        Assert.Equal(Hospital.Opening.AddMinutes(70), completed.CompletedAt);
        Assert.Equal((nine.Id, 1), (completed.SlotId!.Value, (await h.DayAsync(doctor)).GetOccupancy(nine.Id)));
        var changes = h.Events.All.Cast<TokenStatusChanged>().Select(e => (e.From, e.To)).ToArray();
        Assert.Equal(
            [
                (TokenStatus.Allocated, TokenStatus.CheckedIn),
                (TokenStatus.CheckedIn, TokenStatus.Consulting),
                (TokenStatus.Consulting, TokenStatus.Completed),
            ],
            changes
        );
    }

    [Fact]
    public async Task Consulting_and_completed_tokens_leave_the_queue_but_keep_their_seat()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var first = (await h.AllocateAsync(doctor, "A", TokenSource.Online, nine)).Token;
        var second = (await h.AllocateAsync(doctor, "B", TokenSource.Online, nine)).Token;
        (await h.SetStatusAsync(first.Id, TokenStatus.CheckedIn)).GetValueOrThrow();
        (await h.SetStatusAsync(first.Id, TokenStatus.Consulting)).GetValueOrThrow();

        var day = await h.DayAsync(doctor);

        Assert.Equal(second.Id, Assert.Single(day.GetQueue(nine.Id)).Id);
        Assert.Equal(1, day.GetQueuePosition(day.FindToken(second.Id)!));
        Assert.Null(day.GetQueuePosition(day.FindToken(first.Id)!));
        Assert.Equal(2, day.GetOccupancy(nine.Id));
    }

    [Fact]
    public async Task Cancel_promotes_the_highest_ranked_waitlisted_token_into_the_freed_seat()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var holder = (await h.FillAsync(doctor, nine)).Single();
        var walkIn = await h.AllocateAsync(doctor, "Walk-in", TokenSource.WalkIn, nine);
        var followUp = await h.AllocateAsync(doctor, "Follow-up", TokenSource.FollowUp, nine);
        h.Events.Take();

        var result = (await h.SetStatusAsync(holder.Id, TokenStatus.Cancelled, "Patient called")).GetValueOrThrow();

        Assert.Equal(TokenStatus.Cancelled, result.Token.Status);
        Assert.Equal("Patient called", result.Token.CancellationReason);
        Assert.Equal(nine.Id, result.Token.SlotId);
        var promoted = result.PromotedToken!;
        Assert.Equal(followUp.Token.Id, promoted.Id);
        Assert.Equal((TokenStatus.Allocated, (SlotId?)nine.Id), (promoted.Status, promoted.SlotId));
        Assert.Equal(new TokenMove(h.Clock.GetUtcNow(), null, nine.Id, MoveReason.Promoted), promoted.History.Single());
        var day = await h.DayAsync(doctor);
        Assert.Equal(walkIn.Token.Id, Assert.Single(day.Waitlist).Id);
        var events = h.Events.TakeSingleBatch();
        Assert.Equal([typeof(TokenCancelled), typeof(TokenPromoted)], events.Select(e => e.GetType()).ToArray());
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task No_show_frees_the_seat_for_the_waitlist()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var holder = (await h.FillAsync(doctor, nine)).Single();
        var waiting = await h.AllocateAsync(doctor, "Waiting", TokenSource.Online);
        h.Clock.Advance(TimeSpan.FromMinutes(70));
        var ten = await h.SlotAsync(doctor, 10, 1);
        Assert.Equal(ten.Id, (await h.TokenAsync(waiting.Token.Id)).SlotId);
        var second = await h.AllocateAsync(doctor, "Second", TokenSource.Online);
        var tenHolder = waiting.Token.Id;

        var result = (await h.SetStatusAsync(tenHolder, TokenStatus.NoShow)).GetValueOrThrow();

        Assert.Equal(TokenStatus.NoShow, result.Token.Status);
        Assert.Equal(h.Clock.GetUtcNow(), result.Token.NoShowAt);
        Assert.Equal(second.Token.Id, result.PromotedToken!.Id);
        Assert.Equal(ten.Id, result.PromotedToken.SlotId);
        Assert.Equal(nine.Id, (await h.TokenAsync(holder.Id)).SlotId);
    }

    [Fact]
    public async Task Seat_freed_in_a_slot_that_has_ended_promotes_nobody()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);
        var holder = (await h.FillAsync(doctor, nine)).Single();
        await h.FillAsync(doctor, ten);
        var waiting = await h.AllocateAsync(doctor, "Waiting", TokenSource.Online);
        h.Clock.SetUtcNow(nine.EndsAt);

        var result = (await h.SetStatusAsync(holder.Id, TokenStatus.NoShow)).GetValueOrThrow();

        Assert.Null(result.PromotedToken);
        var day = await h.DayAsync(doctor);
        Assert.Equal(waiting.Token.Id, Assert.Single(day.Waitlist).Id);
        Assert.Equal(0, day.GetOccupancy(nine.Id));
        await h.CheckInvariantsAsync();
    }

    [Fact]
    public async Task Double_cancel_is_an_invalid_transition_and_changes_nothing()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 1);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online)).Token;
        (await h.SetStatusAsync(token.Id, TokenStatus.Cancelled, "first")).GetValueOrThrow();
        var before = await h.DayAsync(doctor);
        h.Events.Take();

        var again = await h.SetStatusAsync(token.Id, TokenStatus.Cancelled, "second");

        Refused.With(again, AllocationErrorCode.InvalidTransition, token.Id);
        Assert.Same(before, await h.DayAsync(doctor));
        Assert.Equal("first", (await h.TokenAsync(token.Id)).CancellationReason);
        Assert.Empty(h.Events.Take());
    }

    [Fact]
    public async Task Cancel_of_a_completed_token_is_refused()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var token = await TokenInStatusAsync(h, doctor, TokenStatus.Completed);

        var result = await h.SetStatusAsync(token.Id, TokenStatus.Cancelled);

        Assert.Equal(AllocationErrorCode.InvalidTransition, result.Error!.Code);
        Assert.Contains("Completed", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(TokenStatus.Completed, (await h.TokenAsync(token.Id)).Status);
    }

    [Fact]
    public async Task Cancel_of_a_waitlisted_token_frees_no_seat()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        await h.FillAsync(doctor, nine);
        var first = await h.AllocateAsync(doctor, "First", TokenSource.Online);
        var second = await h.AllocateAsync(doctor, "Second", TokenSource.Online);
        h.Events.Take();

        var result = (await h.SetStatusAsync(first.Token.Id, TokenStatus.Cancelled)).GetValueOrThrow();

        Assert.Null(result.PromotedToken);
        Assert.Null(result.Token.SlotId);
        var cancelled = Assert.IsType<TokenCancelled>(Assert.Single(h.Events.TakeSingleBatch()));
        Assert.Equal((TokenStatus.Waitlisted, (SlotId?)null), (cancelled.From, cancelled.SlotId));
        Assert.Equal(second.Token.Id, Assert.Single((await h.DayAsync(doctor)).Waitlist).Id);
    }

    [Fact]
    public async Task Cancellation_reason_longer_than_200_characters_or_with_control_characters_is_refused()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 1);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online)).Token;

        var tooLong = await h.SetStatusAsync(token.Id, TokenStatus.Cancelled, new string('r', 201));
        var control = await h.SetStatusAsync(token.Id, TokenStatus.Cancelled, "bad\u001b[0m");
        var longest = await h.SetStatusAsync(token.Id, TokenStatus.Cancelled, new string('r', 200));

        Refused.OnField(tooLong, "reason");
        Refused.OnField(control, "reason");
        Assert.True(longest.IsSuccess);
    }

    [Fact]
    public async Task Unknown_tokens_are_not_found()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 1);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online)).Token;

        var unknownSequence = await h.SetStatusAsync(token.Id with { Sequence = 99 }, TokenStatus.CheckedIn);
        var unknownDay = await h.SetStatusAsync(
            new TokenId(new PartitionKey(doctor.Id, h.Today.AddDays(3)), 1),
            TokenStatus.CheckedIn
        );
        var unknownDoctor = await h.SetStatusAsync(
            new TokenId(new PartitionKey(new DoctorId("D404"), h.Today), 1),
            TokenStatus.CheckedIn
        );
        var defaultId = await h.SetStatusAsync(default, TokenStatus.CheckedIn);

        Refused.With(unknownSequence, AllocationErrorCode.NotFound, token.Id with { Sequence = 99 });
        Refused.With(unknownDay, AllocationErrorCode.NotFound, $"T-{doctor.Id}-");
        Refused.With(unknownDoctor, AllocationErrorCode.NotFound, "D404");
        Refused.With(defaultId, AllocationErrorCode.NotFound);
        Assert.Single(await h.Engine.GetDoctorDaysAsync(null));
    }

    /// <summary>A token brought to a status through the allowed moves.</summary>
    internal static async Task<Token> TokenInStatusAsync(Hospital h, Doctor doctor, TokenStatus status)
    {
        var nine = await h.SlotAsync(doctor, 9, 1);
        if (status == TokenStatus.Waitlisted)
        {
            await h.FillAsync(doctor, nine);
            return (await h.AllocateAsync(doctor, "Waiting", TokenSource.Online)).Token;
        }

        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine)).Token;
        TokenStatus[] path = status switch
        {
            TokenStatus.Allocated => [],
            TokenStatus.CheckedIn => [TokenStatus.CheckedIn],
            TokenStatus.Consulting => [TokenStatus.CheckedIn, TokenStatus.Consulting],
            TokenStatus.Completed => [TokenStatus.CheckedIn, TokenStatus.Consulting, TokenStatus.Completed],
            _ => [status],
        };
        foreach (var step in path)
        {
            (await h.SetStatusAsync(token.Id, step)).GetValueOrThrow();
        }

        return await h.TokenAsync(token.Id);
    }
}
