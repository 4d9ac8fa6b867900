using System.Collections.Immutable;
using System.Globalization;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation.Testing;

/// <summary>Checks the invariants of <see href="https://opdtokens.github.io/OpdTokens.Allocation/articles/design.html#6-invariants">the design, section 6</see> that one doctor-day snapshot must always keep, whatever
/// commands, writers or stores produced it.</summary>
/// <remarks>
/// <para>Checked: capacity (1), conservation of tokens and seats (2), work conservation (3), queues in rank order and
/// derived indexes in step with the tokens (5), unique token numbers, and sequences below the next one (5). Bump
/// fairness (4), terminal statuses (6) and serialisability (7) are about histories, not one snapshot: compare
/// acknowledged results with the final state for those.</para>
/// <para>This type is stateless and thread-safe.</para>
/// </remarks>
public static class DoctorDayInvariants
{
    /// <summary>Lists every invariant a doctor-day breaks.</summary>
    /// <param name="day">The snapshot, typically loaded fresh from a store.</param>
    /// <param name="emergencyOverflowPerSlot">The engine's <c>EmergencyOverflowPerSlot</c> setting.</param>
    /// <param name="now">The time the snapshot is judged at; slots that ended by then may keep free seats.</param>
    /// <returns>One line per violation; empty when the snapshot keeps every invariant.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="day"/> is <see langword="null"/>.</exception>
    public static ImmutableArray<string> FindViolations(
        DoctorDay day,
        int emergencyOverflowPerSlot,
        DateTimeOffset now
    ) => [.. Check(day, emergencyOverflowPerSlot, now).Select(v => v.Message)];

    /// <summary>Lists every invariant a doctor-day breaks, each violation with the invariant it breaks.</summary>
    /// <param name="day">The snapshot, typically loaded fresh from a store.</param>
    /// <param name="emergencyOverflowPerSlot">The engine's <c>EmergencyOverflowPerSlot</c> setting.</param>
    /// <param name="now">The time the snapshot is judged at; slots that ended by then may keep free seats.</param>
    /// <returns>The violations, of invariants 1, 2, 3 and 5 only; empty when the snapshot keeps them all.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="day"/> is <see langword="null"/>.</exception>
    public static ImmutableArray<InvariantViolation> Check(
        DoctorDay day,
        int emergencyOverflowPerSlot,
        DateTimeOffset now
    )
    {
        ArgumentNullException.ThrowIfNull(day);
        var violations = ImmutableArray.CreateBuilder<InvariantViolation>();
        void Fail(DesignInvariant invariant, FormattableString message) =>
            violations.Add(new(invariant, message.ToString(CultureInfo.InvariantCulture)));

        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in day.Tokens)
        {
            var sequence = token.Sequence;
            if (token.Partition != day.Key || token.Sequence != sequence)
            {
                Fail(DesignInvariant.Conservation, $"Token {token.Id} is filed under {day.Key} sequence {sequence}.");
            }

            if (sequence < 1 || sequence >= day.NextSequence)
            {
                Fail(
                    DesignInvariant.OrderAndIdentity,
                    $"Token {token.Id} has sequence {sequence} outside 1..{day.NextSequence - 1}."
                );
            }

            if (!Enum.IsDefined(token.Status))
            {
                Fail(DesignInvariant.Conservation, $"Token {token.Id} has no known status ({(int)token.Status}).");
            }

            if (!numbers.Add(token.Number))
            {
                Fail(DesignInvariant.OrderAndIdentity, $"Token number {token.Number} is used twice.");
            }

            if (token.HoldsSeat && (token.SlotId is not { } slotId || day.FindSlot(slotId) is null))
            {
                Fail(
                    DesignInvariant.Conservation,
                    $"Seat-holding token {token.Id} ({token.Status}) has no slot of {day.Key}."
                );
            }

            if (token.Status == TokenStatus.Waitlisted && token.SlotId is not null)
            {
                Fail(DesignInvariant.Conservation, $"Waitlisted token {token.Id} has slot {token.SlotId}.");
            }

            if (token.Status == TokenStatus.Waitlisted != day.Waitlist.Contains(token))
            {
                Fail(DesignInvariant.Conservation, $"Token {token.Id} ({token.Status}) and the waitlist disagree.");
            }
        }

        if (day.Waitlist.Count != day.Tokens.Count(t => t.Status == TokenStatus.Waitlisted))
        {
            Fail(
                DesignInvariant.Conservation,
                $"The waitlist has {day.Waitlist.Count} tokens that are not all waitlisted tokens of the day."
            );
        }

        if (!day.Waitlist.SequenceEqual(day.Waitlist.Order(RankComparer.Instance)))
        {
            Fail(DesignInvariant.OrderAndIdentity, $"The waitlist is not in rank order.");
        }

        foreach (var slot in day.Slots)
        {
            CheckSlot(day, slot, emergencyOverflowPerSlot, now, Fail);
        }

        return violations.ToImmutable();
    }

    private static void CheckSlot(
        DoctorDay day,
        Slot slot,
        int emergencyOverflowPerSlot,
        DateTimeOffset now,
        Action<DesignInvariant, FormattableString> fail
    )
    {
        var seated = day.Tokens.Where(t => t.HoldsSeat && t.SlotId == slot.Id).ToList();
        var emergencies = seated.Count(t => t.IsEmergency);
        var occupancy = day.GetOccupancy(slot.Id);
        if (occupancy != seated.Count)
        {
            fail(
                DesignInvariant.Conservation,
                $"Slot {slot.Id} reports occupancy {occupancy} but {seated.Count} tokens hold its seats."
            );
        }

        // Non-emergency seat-holders over capacity (the invariant's second half) break this too, as
        // min(overflow, emergencies) <= emergencies: one violation per slot.
        if (seated.Count > slot.MaxCapacity + Math.Min(emergencyOverflowPerSlot, emergencies))
        {
            fail(
                DesignInvariant.Capacity,
                $"Slot {slot.Id} holds {seated.Count} seats: over capacity {slot.MaxCapacity} and its overflow."
            );
        }

        var waiting = seated.Where(t => t.Status.IsWaitingInSlot()).Order(RankComparer.Instance).ToList();
        var queue = day.GetQueue(slot.Id);
        if (!queue.SequenceEqual(waiting))
        {
            fail(
                DesignInvariant.OrderAndIdentity,
                $"The queue of slot {slot.Id} is not its waiting tokens in rank order."
            );
        }

        if (slot.IsActive && !slot.HasEnded(now) && seated.Count < slot.MaxCapacity && day.Waitlist.Count > 0)
        {
            fail(
                DesignInvariant.WorkConservation,
                $"Slot {slot.Id} has a free seat while {day.Waitlist.Count} tokens wait on the waitlist."
            );
        }
    }
}
