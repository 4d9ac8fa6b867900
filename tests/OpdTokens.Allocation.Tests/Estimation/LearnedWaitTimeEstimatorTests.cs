using OpdTokens.Allocation.Estimation;

namespace OpdTokens.Allocation.Tests.Estimation;

public sealed class LearnedWaitTimeEstimatorTests
{
    private static readonly DateTimeOffset Nine = EstimationDay.Nine;

    private static WaitTimeEstimates Learned(DoctorDay day, DateTimeOffset now, DoctorHistory? history = null) =>
        LearnedWaitTimeEstimator.Instance.Estimate(day, history ?? DoctorHistory.Empty, now);

    private static WaitEstimate Of(WaitTimeEstimates estimates, Token token) =>
        estimates.TryGet(token.Id, out var estimate) ? estimate : throw new InvalidOperationException("no estimate");

    [Fact]
    public void Without_history_it_gives_the_slot_formula()
    {
        var built = new EstimationDay { Delay = TimeSpan.FromMinutes(15) };
        var slot = built.Slot(10, capacity: 6);
        var tokens = Enumerable.Range(0, 4).Select(_ => built.Add(slot, TokenStatus.CheckedIn)).ToList();
        var day = built.Build();

        var estimates = Learned(day, Nine);

        Assert.Equal(4, estimates.Entries.Length);
        for (var i = 0; i < tokens.Count; i++)
        {
            var estimate = Of(estimates, tokens[i]);
            Assert.Equal(EstimateBasis.SlotFormula, estimate.Basis);
            Assert.Equal(i + 1, estimate.Position);
            Assert.Equal(Nine.AddMinutes(75 + (10 * i)), estimate.EstimatedStart);
        }
    }

    [Fact]
    public void Learns_the_doctors_own_consultation_length_and_plans_the_queue_with_it()
    {
        var built = new EstimationDay();
        var slot = built.Slot(9, capacity: 12);
        for (var i = 0; i < 6; i++)
        {
            built.Completed(slot, Nine.AddMinutes(8 * (i + 1)), 8);
        }

        var waiting = Enumerable.Range(0, 3).Select(_ => built.Add(slot, TokenStatus.CheckedIn)).ToList();
        var now = Nine.AddMinutes(48);

        var estimates = Learned(built.Build(), now);

        // Six 8-minute consultations and the slot's nominal 5 minutes counted twice: (6 x 8 + 2 x 5) / 8 = 7.25.
        var typical = TimeSpan.FromMinutes(7.25);
        Assert.All(estimates.Entries, e => Assert.Equal(EstimateBasis.Learned, e.Basis));
        Assert.Equal(now, Of(estimates, waiting[0]).EstimatedStart);
        Assert.Equal(now + typical, Of(estimates, waiting[1]).EstimatedStart);
        Assert.Equal(now + (2 * typical), Of(estimates, waiting[2]).EstimatedStart);
    }

    [Fact]
    public void One_very_long_consultation_barely_moves_the_typical_length()
    {
        var built = new EstimationDay();
        var slot = built.Slot(9, capacity: 12);
        for (var i = 0; i < 9; i++)
        {
            built.Completed(slot, Nine.AddMinutes(5 * (i + 1)), 5);
        }

        built.Completed(slot, Nine.AddMinutes(120), 70);

        var statistics = DoctorStatistics.Observe(built.Build(), DoctorHistory.Empty);

        Assert.Equal(10, statistics.TodayConsultations);
        Assert.InRange(statistics.TodayTypical.TotalMinutes, 5, 5.5);
    }

    [Fact]
    public void The_patient_in_the_room_keeps_the_doctor_for_the_rest_of_a_typical_consultation()
    {
        var built = new EstimationDay();
        var slot = built.Slot(9, capacity: 6);
        for (var i = 0; i < 8; i++)
        {
            built.Completed(slot, Nine.AddMinutes(10 * (i + 1)), 10);
        }

        var now = Nine.AddMinutes(83);
        built.Add(slot, TokenStatus.Consulting, started: now.AddMinutes(-3));
        var next = built.Add(slot, TokenStatus.CheckedIn);

        var estimates = Learned(built.Build(), now);

        // Typical (8 x 10 + 2 x 10) / 10 = 10 minutes; 3 have passed.
        Assert.Equal(now.AddMinutes(7), Of(estimates, next).EstimatedStart);
    }

    [Fact]
    public void A_slot_is_not_started_before_its_start_plus_the_delay()
    {
        var built = new EstimationDay { Delay = TimeSpan.FromMinutes(20) };
        var first = built.Slot(9, capacity: 6);
        var later = built.Slot(11, capacity: 6);
        built.Completed(first, Nine.AddMinutes(10), 10);
        var waiting = built.Add(later, TokenStatus.CheckedIn);

        var estimates = Learned(built.Build(), Nine.AddMinutes(30));

        Assert.Equal(Nine.AddHours(2).AddMinutes(20), Of(estimates, waiting).EstimatedStart);
    }

    [Fact]
    public void A_slow_doctors_backlog_spills_into_the_next_slot()
    {
        var built = new EstimationDay();
        var first = built.Slot(9, capacity: 6);
        var second = built.Slot(10, capacity: 6);
        for (var i = 0; i < 10; i++)
        {
            built.Completed(first, Nine.AddMinutes(15 * (i + 1)), 15);
        }

        for (var i = 0; i < 6; i++)
        {
            built.Add(first, TokenStatus.CheckedIn);
        }

        var firstOfSecond = built.Add(second, TokenStatus.CheckedIn);
        var now = Nine.AddMinutes(20);

        var estimates = Learned(built.Build(), now);

        // Typical (10 x 15 + 2 x 10) / 12 minutes; six patients of the first slot go before.
        var typical = TimeSpan.FromMinutes(170.0 / 12);
        Assert.Equal(now + (6 * typical), Of(estimates, firstOfSecond).EstimatedStart);
        Assert.True(
            Of(estimates, firstOfSecond).EstimatedStart
                > SlotFormulaEstimator.Formula(built.Build().FindSlot(second)!, TimeSpan.Zero, 1)
        );
    }

    [Fact]
    public void An_allocated_token_ahead_counts_by_the_chance_that_its_source_comes()
    {
        var built = new EstimationDay();
        var slot = built.Slot(9, capacity: 20);
        for (var i = 0; i < 4; i++)
        {
            built.Completed(slot, Nine.AddMinutes(6 * (i + 1)), 6, TokenSource.WalkIn);
        }

        // Walk-ins: 4 were seen and 4 never came; with the one checked in below and the prior of 4 arrivals,
        // 9 / 13 come.
        for (var i = 0; i < 4; i++)
        {
            built.Add(slot, TokenStatus.NoShow, TokenSource.WalkIn);
        }

        built.Add(slot, TokenStatus.Allocated, TokenSource.WalkIn, score: 40);
        var behind = built.Add(slot, TokenStatus.CheckedIn, TokenSource.WalkIn, score: 10);
        var now = Nine.AddMinutes(24);

        var estimates = Learned(built.Build(), now);

        var typical = ((4 * 6) + (2 * 3.0)) / 6;
        Assert.Equal(2, Of(estimates, behind).Position);
        Assert.Equal(now.AddMinutes(typical * 9 / 13), Of(estimates, behind).EstimatedStart, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void History_alone_is_enough_to_learn_from()
    {
        var earlier = new EstimationDay();
        var slot = earlier.Slot(9, capacity: 6);
        for (var i = 0; i < 12; i++)
        {
            earlier.Completed(slot, Nine.AddMinutes(12 * (i + 1)), 12);
        }

        var history = DoctorHistory.From([earlier.Build()]);
        var today = new EstimationDay();
        var todays = today.Slot(9, capacity: 6);
        today.Add(todays, TokenStatus.CheckedIn);
        var second = today.Add(todays, TokenStatus.CheckedIn);

        var estimates = Learned(today.Build(), Nine, history);

        Assert.Equal(12, history.Consultations);
        Assert.Equal(TimeSpan.FromMinutes(12), history.TypicalConsultation);
        Assert.Equal(EstimateBasis.Learned, Of(estimates, second).Basis);
        // (10 x 12 + 2 x 10) / 12.
        Assert.Equal(Nine.AddMinutes(140.0 / 12), Of(estimates, second).EstimatedStart, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Closed_slots_have_no_estimates()
    {
        var built = new EstimationDay();
        var closed = built.Slot(9, capacity: 6, active: false);
        built.Add(closed, TokenStatus.Cancelled);

        Assert.Empty(Learned(built.Build(), Nine).Entries);
        Assert.Empty(SlotFormulaEstimator.Instance.Estimate(built.Build(), DoctorHistory.Empty, Nine).Entries);
    }

    [Fact]
    public void Doctor_history_of_no_days_is_empty()
    {
        Assert.Same(DoctorHistory.Empty, DoctorHistory.From([]));
        Assert.Equal(0, DoctorHistory.Empty.Consultations);
        Assert.Equal(0, DoctorHistory.Empty.Arrived(TokenSource.Online));
        Assert.Throws<ArgumentNullException>(() => DoctorHistory.From(null!));
    }
}
