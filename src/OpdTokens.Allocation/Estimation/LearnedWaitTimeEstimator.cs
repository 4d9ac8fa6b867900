using System.Collections.Immutable;

namespace OpdTokens.Allocation.Estimation;

/// <summary>The default estimator: walks the doctor's day as the doctor will, slot by slot in start order and each
/// queue in rank order, with the consultation length learned from the doctor's own consultations.</summary>
/// <remarks>
/// <para>The walk starts now, or when the consultation under way is expected to end (its start plus the typical
/// length; now once it has run over). A slot's patients are not seen before the slot's start plus the doctor's
/// reported delay. Every token ahead adds the typical consultation length (see
/// <see cref="DoctorStatistics.TypicalConsultation"/>) times the chance that it is seen: 1 once checked in, else the
/// observed share of its source's tokens that came (<see cref="DoctorStatistics.ArrivalProbability"/>). A token's
/// estimate is when the walk reaches it, never earlier than now.</para>
/// <para>For a doctor with no observed consultation, today or in the history, it gives the slot formula of
/// <see cref="SlotFormulaEstimator"/> unchanged: a guess about a doctor nobody has seen work is no better than the
/// schedule.</para>
/// <para>One pass over the day's tokens and one over the queues; the only allocations are the statistics and the
/// result. This type is stateless and thread-safe.</para>
/// </remarks>
public sealed class LearnedWaitTimeEstimator : IWaitTimeEstimator
{
    /// <summary>Gets the shared instance.</summary>
    public static LearnedWaitTimeEstimator Instance { get; } = new();

    /// <inheritdoc />
    public WaitTimeEstimates Estimate(DoctorDay day, DoctorHistory history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(history);
        var statistics = DoctorStatistics.Observe(day, history);
        if (!statistics.HasHistory)
        {
            return SlotFormulaEstimator.Instance.Estimate(day, history, now);
        }

        var entries = ImmutableArray.CreateBuilder<WaitEstimate>(SlotFormulaEstimator.CountWaiting(day));
        var cursor = now;
        var started = false;
        foreach (var slot in day.Slots)
        {
            if (!slot.IsActive)
            {
                continue;
            }

            var queue = day.GetQueue(slot.Id);
            if (queue.Count == 0)
            {
                continue;
            }

            var typical = statistics.TypicalConsultation(slot.Length / slot.MaxCapacity);
            if (!started)
            {
                started = true;
                // The patient in the room keeps the doctor for the rest of a typical consultation.
                if (statistics.ConsultingSince is { } since && since + typical > cursor)
                {
                    cursor = since + typical;
                }
            }

            var opens = slot.StartsAt + day.Delay;
            if (cursor < opens)
            {
                cursor = opens;
            }

            var position = 0;
            foreach (var token in queue)
            {
                position++;
                entries.Add(
                    new WaitEstimate(
                        token.Id,
                        slot.Id,
                        position,
                        SlotFormulaEstimator.NotBefore(cursor.ToOffset(slot.StartsAt.Offset), now),
                        EstimateBasis.Learned
                    )
                );
                var seen = token.Status == TokenStatus.CheckedIn ? 1.0 : statistics.ArrivalProbability(token.Source);
                cursor += TimeSpan.FromTicks((long)(typical.Ticks * seen));
            }
        }

        return new WaitTimeEstimates(day.Key, day.Version, now, entries.DrainToImmutable());
    }
}
