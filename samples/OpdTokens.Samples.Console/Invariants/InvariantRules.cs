using OpdTokens.Allocation;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Samples.Console.Invariants;

/// <summary>The invariants of the design (docs/articles/design.md, section 6), 1 to 6. A snapshot's invariants (1, 2,
/// 3, 5) come from the test kit's <see cref="DoctorDayInvariants"/>, so the kit is exercised by a real host; what no
/// single snapshot shows is checked here over the history: what each command changed, and the final state against
/// everything the run saw.</summary>
public static class InvariantRules
{
    /// <summary>Checks one doctor-day snapshot at an instant with the test kit: invariants 1, 2, 3 and 5.</summary>
    /// <param name="day">The snapshot.</param>
    /// <param name="now">The instant, for which slots have ended.</param>
    /// <param name="overflowPerSlot">The engine's emergency overflow allowance per slot.</param>
    /// <param name="ledger">Where checks and violations are counted.</param>
    public static void CheckSnapshot(DoctorDay day, DateTimeOffset now, int overflowPerSlot, InvariantLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(ledger);
        foreach (
            var invariant in (ReadOnlySpan<Invariant>)
                [Invariant.Capacity, Invariant.Conservation, Invariant.WorkConservation, Invariant.Order]
        )
        {
            ledger.Checked(invariant);
        }

        foreach (var violation in DoctorDayInvariants.Check(day, overflowPerSlot, now))
        {
            ledger.Violated(Invariant.Of(violation.Invariant), violation.Message);
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
        var latest = before.Tokens.IsEmpty ? DateTimeOffset.MinValue : before.Tokens.Max(t => t.CreatedAt);
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

            // One engine on one clock creates the day's tokens: a later sequence is never created earlier.
            if (token.CreatedAt < latest)
            {
                ledger.Violated(
                    Invariant.Order,
                    $"New token {token.Id} was created at {token.CreatedAt:O}, before a token with a lower sequence."
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
}
