using System.Globalization;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Invariants;

/// <summary>The checks of design.md section 6, invariants 1 to 6, written from the design rather than from the
/// engine's code: occupancy is counted from the tokens, rank is compared by score and sequence directly.</summary>
public static class InvariantRules
{
    /// <summary>Checks one doctor-day snapshot at an instant: invariants 1, 2, 3 and 5.</summary>
    /// <param name="day">The snapshot.</param>
    /// <param name="now">The instant, for which slots have ended.</param>
    /// <param name="overflowPerSlot">The engine's emergency overflow allowance per slot.</param>
    /// <param name="ledger">Where checks and violations are counted.</param>
    public static void CheckSnapshot(DoctorDay day, DateTimeOffset now, int overflowPerSlot, InvariantLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(ledger);
        foreach (var invariant in (ReadOnlySpan<Invariant>)[Invariant.Capacity, Invariant.Conservation])
        {
            ledger.Checked(invariant);
        }

        ledger.Checked(Invariant.WorkConservation);
        ledger.Checked(Invariant.Order);

        var slotCount = day.Slots.Length;
        var seatHolders = new int[slotCount + 1];
        var emergencies = new int[slotCount + 1];
        var waiting = new int[slotCount + 1];
        var waitlisted = 0;
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        Token? previous = null;
        foreach (var token in day.Tokens)
        {
            var sequence = token.Sequence;
            var id = token.Id;
            if (token.Partition != day.Key || token.Sequence != sequence)
            {
                ledger.Violated(Invariant.Conservation, $"{id} is filed under {day.Key} as sequence {sequence}.");
            }

            if (!Enum.IsDefined(token.Status))
            {
                ledger.Violated(Invariant.Conservation, $"{id} has no known status ({(int)token.Status}).");
            }

            if (!numbers.Add(token.Number))
            {
                ledger.Violated(Invariant.Order, $"Token number {token.Number} is used twice in {day.Key}.");
            }

            if (previous is not null && token.CreatedAt < previous.CreatedAt)
            {
                ledger.Violated(
                    Invariant.Order,
                    $"{id} was created before {previous.Id} but has a higher sequence number."
                );
            }

            previous = token;
            if (token.Status.HoldsSeat())
            {
                if (token.SlotId is not { } slotId || slotId.Partition != day.Key || day.FindSlot(slotId) is null)
                {
                    ledger.Violated(
                        Invariant.Conservation,
                        $"{id} holds a seat but has no slot of {day.Key} ({token.SlotId})."
                    );
                    continue;
                }

                seatHolders[slotId.Number]++;
                emergencies[slotId.Number] += token.Source == TokenSource.Emergency ? 1 : 0;
                waiting[slotId.Number] += token.Status is TokenStatus.Allocated or TokenStatus.CheckedIn ? 1 : 0;
            }
            else if (token.Status == TokenStatus.Waitlisted)
            {
                waitlisted++;
                if (token.SlotId is not null)
                {
                    ledger.Violated(Invariant.Conservation, $"{id} is waitlisted but has slot {token.SlotId}.");
                }
            }
        }

        if (previous is not null && day.NextSequence <= previous.Sequence)
        {
            ledger.Violated(
                Invariant.Order,
                $"{day.Key} would give sequence {day.NextSequence} again (highest used: {previous.Sequence})."
            );
        }

        CheckWaitlist(day, waitlisted, ledger);
        foreach (var slot in day.Slots)
        {
            var n = slot.Id.Number;
            var allowed = slot.MaxCapacity + Math.Min(overflowPerSlot, emergencies[n]);
            if (seatHolders[n] > allowed || seatHolders[n] - emergencies[n] > slot.MaxCapacity)
            {
                ledger.Violated(
                    Invariant.Capacity,
                    $"{slot.Id} holds {seatHolders[n]} seats ({emergencies[n]} emergencies) with capacity "
                        + $"{slot.MaxCapacity}."
                );
            }

            if (day.GetOccupancy(slot.Id) != seatHolders[n])
            {
                ledger.Violated(
                    Invariant.Conservation,
                    $"{slot.Id} reports occupancy {day.GetOccupancy(slot.Id)} but {seatHolders[n]} tokens hold seats."
                );
            }

            if (slot.IsActive && !slot.HasEnded(now) && seatHolders[n] < slot.MaxCapacity && waitlisted > 0)
            {
                ledger.Violated(
                    Invariant.WorkConservation,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{slot.Id} has {slot.MaxCapacity - seatHolders[n]} free seats at {now:HH:mm} while "
                            + $"{waitlisted} tokens are waitlisted."
                    )
                );
            }

            CheckQueue(day, slot, waiting[n], ledger);
        }
    }

    /// <summary>Checks one command's change of a doctor-day: invariants 2 (nothing disappears), 4 (bumps), 5 (new
    /// sequences and numbers) and 6 (terminal tokens unchanged).</summary>
    /// <param name="before">The snapshot before the command.</param>
    /// <param name="after">The snapshot after it.</param>
    /// <param name="events">The events the command's commit raised (none when it changed nothing).</param>
    /// <param name="numbersInUse">Token numbers seen so far, anywhere; new numbers are added.</param>
    /// <param name="ledger">Where checks and violations are counted.</param>
    public static void CheckChange(
        DoctorDay before,
        DoctorDay after,
        IReadOnlyList<AllocationEvent> events,
        HashSet<string> numbersInUse,
        InvariantLedger ledger
    )
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(numbersInUse);
        ArgumentNullException.ThrowIfNull(ledger);
        ledger.Checked(Invariant.Conservation);
        ledger.Checked(Invariant.Bumps);
        ledger.Checked(Invariant.Order);
        ledger.Checked(Invariant.Terminal);

        // Tokens a command may legitimately move or change besides the ones it names.
        var explained = new HashSet<TokenId>();
        var bumps = 0;
        foreach (var e in events)
        {
            if (e is TokenBumped bumped)
            {
                bumps++;
                CheckBump(before, after, bumped, ledger);
            }

            TokenId? touched = e switch
            {
                TokenBumped bump => bump.TokenId,
                TokenPromoted promoted => promoted.TokenId,
                TokenReallocated moved => moved.TokenId,
                TokenCancelled cancelled => cancelled.TokenId,
                TokenMarkedNoShow noShow => noShow.TokenId,
                TokenStatusChanged changed => changed.TokenId,
                TokenAllocated allocated => allocated.TokenId,
                TokenWaitlisted waitlisted => waitlisted.TokenId,
                EmergencyOverflowed overflowed => overflowed.TokenId,
                _ => null,
            };
            if (touched is { } id)
            {
                explained.Add(id);
            }
        }

        if (bumps > 1)
        {
            ledger.Violated(Invariant.Bumps, $"One command on {after.Key} bumped {bumps} tokens.");
        }

        foreach (var old in before.Tokens)
        {
            var sequence = old.Sequence;
            if (!after.Tokens.TryGetValue(sequence, out var now))
            {
                ledger.Violated(Invariant.Conservation, $"{old.Id} disappeared from {after.Key}.");
                continue;
            }

            if (old.Status.IsTerminal() && !now.Equals(old))
            {
                ledger.Violated(Invariant.Terminal, $"{old.Id} changed after it became {old.Status}.");
            }

            if ((now.SlotId != old.SlotId || now.Status != old.Status) && !explained.Contains(old.Id))
            {
                ledger.Violated(
                    Invariant.Bumps,
                    $"{old.Id} moved from {old.SlotId?.ToString() ?? "the waitlist"} ({old.Status}) to "
                        + $"{now.SlotId?.ToString() ?? "the waitlist"} ({now.Status}) without an event saying why."
                );
            }
        }

        var highest = before.Tokens.IsEmpty ? 0 : before.Tokens.Select(t => t.Sequence).Max();
        foreach (var token in after.Tokens)
        {
            var sequence = token.Sequence;
            if (before.Tokens.Contains(sequence))
            {
                continue;
            }

            if (sequence <= highest)
            {
                ledger.Violated(
                    Invariant.Order,
                    $"New token {token.Id} got sequence {sequence}, not above the highest used ({highest})."
                );
            }

            if (!numbersInUse.Add(token.Number))
            {
                ledger.Violated(Invariant.Order, $"New token {token.Id} reuses token number {token.Number}.");
            }
        }
    }

    /// <summary>Checks the final state against what a run saw: invariant 2 (every created token is still there, and
    /// nothing else) and invariant 4 (no emergency was ever bumped, no token beyond the bump limit).</summary>
    public static void CheckFinal(
        IReadOnlyCollection<DoctorDay> days,
        IReadOnlyCollection<TokenId> created,
        int maxBumpsPerToken,
        InvariantLedger ledger
    )
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(ledger);
        ledger.Checked(Invariant.Conservation);
        ledger.Checked(Invariant.Bumps);
        ledger.Checked(Invariant.Order);
        var byPartition = days.ToDictionary(d => d.Key);
        foreach (var id in created)
        {
            if (!byPartition.TryGetValue(id.Partition, out var day) || day.FindToken(id) is null)
            {
                ledger.Violated(Invariant.Conservation, $"Token {id} was created but is gone.");
            }
        }

        var total = days.Sum(d => d.Tokens.Count);
        if (total != created.Count)
        {
            ledger.Violated(
                Invariant.Conservation,
                $"The engine holds {total} tokens but {created.Count} were created."
            );
        }

        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in days.SelectMany(d => d.Tokens))
        {
            if (!numbers.Add(token.Number))
            {
                ledger.Violated(Invariant.Order, $"Token number {token.Number} is used twice in the hospital.");
            }

            var bumped = token.History.Count(m => m.Reason == MoveReason.Bumped);
            if (bumped > 0 && token.Source == TokenSource.Emergency)
            {
                ledger.Violated(Invariant.Bumps, $"Emergency {token.Id} was bumped.");
            }

            if (token.BumpCount > maxBumpsPerToken || bumped > token.BumpCount)
            {
                ledger.Violated(
                    Invariant.Bumps,
                    $"{token.Id} was bumped {token.BumpCount} times ({bumped} in its history); the limit is "
                        + $"{maxBumpsPerToken}."
                );
            }
        }
    }

    /// <summary>Whether <paramref name="a"/> ranks strictly before <paramref name="b"/>: higher score, then lower
    /// sequence.</summary>
    public static bool RanksBefore(Token a, Token b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.PriorityScore != b.PriorityScore ? a.PriorityScore > b.PriorityScore : a.Sequence < b.Sequence;
    }

    private static void CheckBump(DoctorDay before, DoctorDay after, TokenBumped bumped, InvariantLedger ledger)
    {
        var victim = before.FindToken(bumped.TokenId);
        var newcomer = after.FindToken(bumped.ByTokenId);
        if (victim is null || newcomer is null)
        {
            ledger.Violated(Invariant.Bumps, $"Bump of {bumped.TokenId} by {bumped.ByTokenId} names unknown tokens.");
            return;
        }

        if (
            victim.Status != TokenStatus.Allocated
            || victim.Source == TokenSource.Emergency
            || victim.SlotId != bumped.FromSlotId
            || !RanksBefore(newcomer, victim)
        )
        {
            ledger.Violated(
                Invariant.Bumps,
                $"{victim.Id} ({victim.Status}, {victim.Source}, score {victim.PriorityScore}) was bumped by "
                    + $"{newcomer.Id} ({newcomer.Source}, score {newcomer.PriorityScore})."
            );
        }
    }

    private static void CheckWaitlist(DoctorDay day, int waitlisted, InvariantLedger ledger)
    {
        if (day.Waitlist.Count != waitlisted)
        {
            ledger.Violated(
                Invariant.Conservation,
                $"{day.Key} lists {day.Waitlist.Count} waitlisted tokens but {waitlisted} tokens are waitlisted."
            );
        }

        Token? previous = null;
        foreach (var token in day.Waitlist)
        {
            if (token.Status != TokenStatus.Waitlisted || !Equals(day.FindToken(token.Id), token))
            {
                ledger.Violated(Invariant.Conservation, $"The waitlist of {day.Key} holds a stale {token.Id}.");
            }

            if (previous is not null && !RanksBefore(previous, token))
            {
                ledger.Violated(Invariant.Order, $"The waitlist of {day.Key} has {token.Id} after {previous.Id}.");
            }

            previous = token;
        }
    }

    private static void CheckQueue(DoctorDay day, Slot slot, int waiting, InvariantLedger ledger)
    {
        var queue = day.GetQueue(slot.Id);
        if (queue.Count != waiting)
        {
            ledger.Violated(
                Invariant.Conservation,
                $"The queue of {slot.Id} lists {queue.Count} tokens but {waiting} tokens wait in it."
            );
        }

        Token? previous = null;
        foreach (var token in queue)
        {
            if (
                token.Status is not (TokenStatus.Allocated or TokenStatus.CheckedIn)
                || token.SlotId != slot.Id
                || !Equals(day.FindToken(token.Id), token)
            )
            {
                ledger.Violated(Invariant.Conservation, $"The queue of {slot.Id} holds a stale {token.Id}.");
            }

            if (previous is not null && !RanksBefore(previous, token))
            {
                ledger.Violated(Invariant.Order, $"The queue of {slot.Id} has {token.Id} after {previous.Id}.");
            }

            previous = token;
        }
    }
}
