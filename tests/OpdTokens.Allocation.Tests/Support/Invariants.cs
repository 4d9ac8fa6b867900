using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>The invariants of design section 6 (1, 2, 3, 5 and the snapshot's own consistency) and of the fairness
/// issue (one active token per patient id, bump limit, daily overflow cap) that can be judged from one snapshot.
/// Invariants about change over time (4, 6, sequences growing, replays) are checked by the tests that see the
/// history.</summary>
internal static class Invariants
{
    public static void Check(
        DoctorDay day,
        DateTimeOffset now,
        OpdTokenAllocationOptions options,
        ITokenNumberFormatter? formatter = null
    )
    {
        var errors = Violations(day, now, options, formatter ?? new TokenNumberFormatter(options.TokenNumberPrefix));
        if (errors.Count > 0)
        {
            throw new InvariantViolationException(
                $"Doctor-day {day.Key} v{day.Version} breaks invariants:{Environment.NewLine}  "
                    + string.Join(Environment.NewLine + "  ", errors)
            );
        }
    }

    public static List<string> Violations(
        DoctorDay day,
        DateTimeOffset now,
        OpdTokenAllocationOptions options,
        ITokenNumberFormatter formatter
    )
    {
        var errors = new List<string>();
        var key = day.Key;
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        var patients = new Dictionary<string, Token>(StringComparer.Ordinal);
        var maxSequence = 0;
        var overflows = 0;
        foreach (var token in day.Tokens)
        {
            var sequence = token.Sequence;
            if (sequence != token.Sequence || token.Partition != key)
            {
                errors.Add($"I2: token {token.Id} is filed under {key} #{sequence}.");
            }

            if (!Enum.IsDefined(token.Status))
            {
                errors.Add($"I2: token {token.Id} has no known status ({(int)token.Status}).");
            }

            if (!numbers.Add(token.Number) || token.Number != formatter.Format(token.Id))
            {
                errors.Add($"I5: token {token.Id} has a repeated or malformed number {token.Number}.");
            }

            maxSequence = Math.Max(maxSequence, sequence);
            if (token.HoldsSeat && (token.SlotId is not { } slotId || day.FindSlot(slotId) is null))
            {
                errors.Add($"I2: seat-holder {token.Id} ({token.Status}) has no slot of its doctor-day.");
            }

            if (token.Status == TokenStatus.Waitlisted && (token.SlotId is not null || !day.Waitlist.Contains(token)))
            {
                errors.Add($"I2: waitlisted {token.Id} has a slot or is missing from the waitlist.");
            }

            if (token.BumpCount < 0 || token.BumpCount > options.MaxBumpsPerToken)
            {
                errors.Add($"Bump limit: {token.Id} was bumped {token.BumpCount} times.");
            }

            if (token.IsOverflow)
            {
                overflows++;
                if (!token.IsEmergency)
                {
                    errors.Add($"I1: {token.Id} is an overflow but not an emergency.");
                }
            }

            if (token.Status.IsActive() && token.Patient.PatientId is { } patientId)
            {
                if (patients.TryGetValue(patientId, out var other))
                {
                    errors.Add($"Patient: {other.Id} and {token.Id} are both active for one patient id.");
                }

                patients[patientId] = token;
                if (day.FindActiveToken(patientId)?.Id != token.Id)
                {
                    errors.Add($"Patient: the patient index does not name {token.Id}.");
                }
            }
        }

        if (day.NextSequence <= maxSequence)
        {
            errors.Add($"I5: next sequence {day.NextSequence} is not above the highest used, {maxSequence}.");
        }

        if (options.EmergencyOverflowPerDay is { } perDay && overflows > perDay)
        {
            errors.Add($"Daily overflow cap: {overflows} overflows, cap {perDay}.");
        }

        var waitlisted = day.Tokens.Count(t => t.Status == TokenStatus.Waitlisted);
        if (day.Waitlist.Count != waitlisted || day.Waitlist.Any(t => !ReferenceEquals(day.Tokens[t.Sequence], t)))
        {
            errors.Add($"I2: the waitlist holds {day.Waitlist.Count} tokens, not the {waitlisted} waitlisted ones.");
        }

        CheckRankOrder(day.Waitlist, "the waitlist", errors);
        CheckSlots(day, now, options, errors);
        foreach (var record in day.IdempotencyRecords.Values)
        {
            if (day.FindToken(record.TokenId) is null)
            {
                errors.Add($"Idempotency: key record names unknown token {record.TokenId}.");
            }
        }

        if (errors.Count == 0)
        {
            CheckRebuild(day, errors);
        }

        return errors;
    }

    private static void CheckSlots(
        DoctorDay day,
        DateTimeOffset now,
        OpdTokenAllocationOptions options,
        List<string> errors
    )
    {
        var numbers = new HashSet<int>();
        for (var i = 0; i < day.Slots.Length; i++)
        {
            var slot = day.Slots[i];
            if (slot.Id.Partition != day.Key || !numbers.Add(slot.Id.Number) || slot.Id.Number > day.Slots.Length)
            {
                errors.Add($"Slots: {slot.Id} is misnumbered or of another doctor-day.");
            }

            if (slot.StartsAt >= slot.EndsAt || slot.MaxCapacity is < 1 or > Slot.CapacityLimit)
            {
                errors.Add($"Slots: {slot.Id} has bad times or capacity.");
            }

            if (i > 0 && day.Slots[i - 1].EndsAt > slot.StartsAt)
            {
                errors.Add($"Slots: {day.Slots[i - 1].Id} and {slot.Id} overlap or are out of order.");
            }

            var holders = day.Tokens.Where(t => t.HoldsSeat && t.SlotId == slot.Id).ToList();
            var emergencies = holders.Count(t => t.IsEmergency);
            var occupancy = holders.Count;
            if (day.GetOccupancy(slot.Id) != occupancy)
            {
                errors.Add($"Slots: {slot.Id} reports occupancy {day.GetOccupancy(slot.Id)}, tokens say {occupancy}.");
            }

            var allowed = slot.MaxCapacity + Math.Min(options.EmergencyOverflowPerSlot, emergencies);
            if (occupancy > allowed)
            {
                errors.Add(
                    $"I1: {slot.Id} holds {occupancy} (capacity {slot.MaxCapacity}, {emergencies} emergencies)."
                );
            }

            if (occupancy - emergencies > slot.MaxCapacity)
            {
                errors.Add($"I1: {slot.Id} holds {occupancy - emergencies} non-emergencies over {slot.MaxCapacity}.");
            }

            if (day.Waitlist.Count > 0 && slot.IsActive && !slot.HasEnded(now) && occupancy < slot.MaxCapacity)
            {
                errors.Add(
                    $"I3: {slot.Id} has {slot.MaxCapacity - occupancy} free seats while {day.Waitlist.Count} wait."
                );
            }

            var queue = day.GetQueue(slot.Id);
            var waiting = holders.Where(t => t.Status.IsWaitingInSlot()).ToList();
            if (
                queue.Count != waiting.Count
                || queue.Any(t => !ReferenceEquals(day.Tokens[t.Sequence], t) || t.SlotId != slot.Id)
            )
            {
                errors.Add($"I5: the queue of {slot.Id} is not its {waiting.Count} waiting tokens.");
            }

            CheckRankOrder(queue, $"the queue of {slot.Id}", errors);
        }
    }

    private static void CheckRankOrder(IEnumerable<Token> tokens, string what, List<string> errors)
    {
        Token? previous = null;
        foreach (var token in tokens)
        {
            if (previous is not null && RankComparer.Instance.Compare(previous, token) >= 0)
            {
                errors.Add($"I5: {what} has {previous.Id} before {token.Id} against rank.");
            }

            previous = token;
        }
    }

    /// <summary>A snapshot rebuilt from its stored parts (what a store does on load) has the same derived indexes.</summary>
    private static void CheckRebuild(DoctorDay day, List<string> errors)
    {
        DoctorDay rebuilt;
        try
        {
            rebuilt = DoctorDay.Create(
                day.Key,
                day.Version,
                day.Delay,
                day.Slots,
                day.Tokens,
                day.IdempotencyRecords.Values
            );
        }
        catch (ArgumentException e)
        {
            errors.Add("Rebuild: " + e.Message);
            return;
        }

        if (rebuilt.NextSequence != day.NextSequence && day.Tokens.Count > 0)
        {
            errors.Add($"Rebuild: next sequence {rebuilt.NextSequence} differs from {day.NextSequence}.");
        }

        if (!rebuilt.Slots.Select(s => s.Id).SequenceEqual(day.Slots.Select(s => s.Id)))
        {
            errors.Add("Rebuild: the slots come back in another order.");
        }

        if (!rebuilt.Waitlist.Select(t => t.Id).SequenceEqual(day.Waitlist.Select(t => t.Id)))
        {
            errors.Add("Rebuild: the waitlist differs.");
        }

        foreach (var slot in day.Slots)
        {
            if (
                rebuilt.GetOccupancy(slot.Id) != day.GetOccupancy(slot.Id)
                || !rebuilt.GetQueue(slot.Id).Select(t => t.Id).SequenceEqual(day.GetQueue(slot.Id).Select(t => t.Id))
            )
            {
                errors.Add($"Rebuild: the queue or occupancy of {slot.Id} differs.");
            }
        }
    }
}

internal sealed class InvariantViolationException(string message) : Exception(message);
