using FsCheck;
using FsCheck.Fluent;
using OpdTokens.Allocation.Estimation;

namespace OpdTokens.Allocation.Tests.Estimation;

/// <summary>Properties of both estimators over random days: never before now, monotone in queue position, one
/// estimate per waiting token, and the learned estimator is the slot formula without history.</summary>
public sealed class EstimatorPropertyTests
{
    private static readonly TokenStatus[] Waiting = [TokenStatus.Allocated, TokenStatus.CheckedIn];

    private static readonly TokenStatus[] Done = [TokenStatus.NoShow, TokenStatus.Cancelled];

    private sealed record Case(DoctorDay Day, DateTimeOffset Now, bool WithHistory)
    {
        public override string ToString() =>
            $"{Day.Slots.Length} slots, {Day.Tokens.Count} tokens, delay {Day.Delay}, now {Now:HH:mm}, history {WithHistory}";
    }

    private static readonly Gen<Case> Cases =
        from slots in Gen.Choose(1, 4)
        from capacities in Gen.ArrayOf(Gen.Choose(1, 12), slots)
        from waitingCounts in Gen.ArrayOf(Gen.Choose(0, 14), slots)
        from statuses in Gen.ArrayOf(Gen.Elements(Waiting), 60)
        from sources in Gen.ArrayOf(Gen.Elements(Enum.GetValues<TokenSource>()), 60)
        from scores in Gen.ArrayOf(Gen.Choose(0, 1000), 60)
        from completed in Gen.Choose(0, 12)
        from lengths in Gen.ArrayOf(Gen.Choose(1, 40), 12)
        from missed in Gen.Choose(0, 5)
        from consulting in Gen.Elements(true, false)
        from delay in Gen.Choose(0, 90)
        from nowMinutes in Gen.Choose(-120, 600)
        select Build(
            capacities,
            waitingCounts,
            statuses,
            sources,
            scores,
            completed,
            lengths,
            missed,
            consulting,
            delay,
            nowMinutes
        );

    private static Case Build(
        int[] capacities,
        int[] waitingCounts,
        TokenStatus[] statuses,
        TokenSource[] sources,
        int[] scores,
        int completed,
        int[] lengths,
        int missed,
        bool consulting,
        int delay,
        int nowMinutes
    )
    {
        var built = new EstimationDay { Delay = TimeSpan.FromMinutes(delay) };
        var slots = capacities.Select((capacity, i) => built.Slot(9 + (2 * i), capacity, minutes: 90)).ToList();
        var now = EstimationDay.Nine.AddMinutes(nowMinutes);
        var end = now;
        for (var i = 0; i < completed; i++)
        {
            end = end.AddMinutes(-lengths[i]);
            built.Completed(slots[0], end.AddMinutes(lengths[i]), lengths[i], sources[i]);
        }

        for (var i = 0; i < missed; i++)
        {
            built.Add(slots[0], Done[i % 2], sources[i]);
        }

        if (consulting)
        {
            built.Add(slots[0], TokenStatus.Consulting, started: now.AddMinutes(-lengths[0]));
        }

        var n = 0;
        for (var s = 0; s < slots.Count; s++)
        {
            for (var i = 0; i < waitingCounts[s]; i++, n++)
            {
                built.Add(slots[s], statuses[n % 60], sources[n % 60], scores[n % 60]);
            }
        }

        return new Case(built.Build(), now, completed > 0);
    }

    private static void Check(Func<Case, bool> property) =>
        Prop.ForAll(Cases.ToArbitrary(), property)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true));

    private static IEnumerable<IWaitTimeEstimator> Estimators =>
        [LearnedWaitTimeEstimator.Instance, SlotFormulaEstimator.Instance];

    [Fact]
    public void No_estimate_is_ever_before_now() =>
        Check(c =>
            Estimators.All(e =>
                e.Estimate(c.Day, DoctorHistory.Empty, c.Now).Entries.All(x => x.EstimatedStart >= c.Now)
            )
        );

    [Fact]
    public void Estimates_never_decrease_with_the_queue_position() =>
        Check(c =>
            Estimators.All(e =>
                e.Estimate(c.Day, DoctorHistory.Empty, c.Now)
                    .Entries.GroupBy(x => x.SlotId)
                    .All(slot =>
                        slot.Zip(slot.Skip(1)).All(p => p.First.Position + 1 == p.Second.Position)
                        && slot.Zip(slot.Skip(1)).All(p => p.First.EstimatedStart <= p.Second.EstimatedStart)
                    )
            )
        );

    [Fact]
    public void Every_waiting_token_gets_one_estimate_at_its_queue_position() =>
        Check(c =>
            Estimators.All(e =>
            {
                var estimates = e.Estimate(c.Day, DoctorHistory.Empty, c.Now);
                var waiting = c.Day.Slots.Where(s => s.IsActive).Sum(s => c.Day.GetQueue(s.Id).Count);
                return estimates.Entries.Length == waiting
                    && estimates.Entries.All(x =>
                        c.Day.FindToken(x.TokenId) is { } token && c.Day.GetQueuePosition(token) == x.Position
                    );
            })
        );

    [Fact]
    public void Without_history_the_learned_estimate_is_the_slot_formula_not_before_now() =>
        Check(c =>
            c.WithHistory
            || LearnedWaitTimeEstimator
                .Instance.Estimate(c.Day, DoctorHistory.Empty, c.Now)
                .Entries.All(x =>
                    x.Basis == EstimateBasis.SlotFormula
                    && x.EstimatedStart
                        == Max(SlotFormulaEstimator.Formula(c.Day.FindSlot(x.SlotId)!, c.Day.Delay, x.Position), c.Now)
                )
        );

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
