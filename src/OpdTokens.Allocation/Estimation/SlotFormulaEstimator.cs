using System.Collections.Immutable;

namespace OpdTokens.Allocation.Estimation;

/// <summary>The slot formula: slot start + the doctor's delay + (position - 1) x slot length / capacity, never earlier
/// than now.</summary>
/// <remarks>It knows nothing of how long the doctor's consultations take or of the tokens in earlier slots; it is
/// what <see cref="LearnedWaitTimeEstimator"/> falls back on for a doctor with no history. This type is stateless and
/// thread-safe.</remarks>
public sealed class SlotFormulaEstimator : IWaitTimeEstimator
{
    /// <summary>Gets the shared instance.</summary>
    public static SlotFormulaEstimator Instance { get; } = new();

    /// <inheritdoc />
    public WaitTimeEstimates Estimate(DoctorDay day, DoctorHistory history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(history);
        var entries = ImmutableArray.CreateBuilder<WaitEstimate>(CountWaiting(day));
        foreach (var slot in day.Slots)
        {
            if (!slot.IsActive)
            {
                continue;
            }

            var position = 0;
            foreach (var token in day.GetQueue(slot.Id))
            {
                position++;
                entries.Add(
                    new WaitEstimate(
                        token.Id,
                        slot.Id,
                        position,
                        NotBefore(Formula(slot, day.Delay, position), now),
                        EstimateBasis.SlotFormula
                    )
                );
            }
        }

        return new WaitTimeEstimates(day.Key, day.Version, now, entries.DrainToImmutable());
    }

    /// <summary>The formula itself: slot start + delay + (position - 1) x slot length / capacity.</summary>
    /// <param name="slot">The slot.</param>
    /// <param name="delay">The doctor's delay.</param>
    /// <param name="position">The 1-based queue position.</param>
    /// <returns>The estimated start, which may be in the past.</returns>
    public static DateTimeOffset Formula(Slot slot, TimeSpan delay, int position)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return slot.StartsAt + delay + ((position - 1) * (slot.Length / slot.MaxCapacity));
    }

    /// <summary>The later of an estimate and now, in the estimate's offset.</summary>
    internal static DateTimeOffset NotBefore(DateTimeOffset estimate, DateTimeOffset now) =>
        estimate >= now ? estimate : now.ToOffset(estimate.Offset);

    /// <summary>How many tokens wait in the active slots of a day.</summary>
    internal static int CountWaiting(DoctorDay day)
    {
        var count = 0;
        foreach (var slot in day.Slots)
        {
            if (slot.IsActive)
            {
                count += day.GetQueue(slot.Id).Count;
            }
        }

        return count;
    }
}
