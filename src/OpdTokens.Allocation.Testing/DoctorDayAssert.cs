using System.Globalization;

namespace OpdTokens.Allocation.Testing;

/// <summary>Assertions on doctor-day snapshots for store and engine tests.</summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public static class DoctorDayAssert
{
    /// <summary>Asserts that two snapshots hold exactly the same data: every slot and token field, each instant with
    /// its offset and full precision, move histories, queues, the waitlist, the delay and the idempotency
    /// records.</summary>
    /// <param name="expected">The snapshot the engine published.</param>
    /// <param name="actual">The snapshot a store gave back.</param>
    /// <exception cref="ArgumentNullException">A snapshot is <see langword="null"/>.</exception>
    /// <exception cref="AssertionFailedException">The snapshots differ; the message lists every difference.</exception>
    public static void Equivalent(DoctorDay expected, DoctorDay actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<string>();
        void Differ(FormattableString message) => differences.Add(message.ToString(CultureInfo.InvariantCulture));
        void Compare<T>(string what, T left, T right)
        {
            if (!EqualityComparer<T>.Default.Equals(left, right))
            {
                Differ($"{what}: expected {left}, got {right}");
            }
        }

        Compare("key", expected.Key, actual.Key);
        Compare("version", expected.Version, actual.Version);
        Compare("delay", expected.Delay, actual.Delay);
        Compare("next sequence", expected.NextSequence, actual.NextSequence);
        Compare("slot count", expected.Slots.Length, actual.Slots.Length);
        foreach (var (left, right) in expected.Slots.Zip(actual.Slots))
        {
            var at = "slot " + left.Id;
            Compare(at + " id", left.Id, right.Id);
            CompareInstant(at + " start", left.StartsAt, right.StartsAt, Differ);
            CompareInstant(at + " end", left.EndsAt, right.EndsAt, Differ);
            Compare(at + " capacity", left.MaxCapacity, right.MaxCapacity);
            Compare(at + " active", left.IsActive, right.IsActive);
            Compare(at + " queue", Ids(expected.GetQueue(left.Id)), Ids(actual.GetQueue(left.Id)));
            Compare(at + " occupancy", expected.GetOccupancy(left.Id), actual.GetOccupancy(left.Id));
        }

        Compare(
            "token sequences",
            Join(expected.Tokens.Select(t => t.Sequence)),
            Join(actual.Tokens.Select(t => t.Sequence))
        );
        foreach (var left in expected.Tokens)
        {
            var sequence = left.Sequence;
            if (actual.Tokens.TryGetValue(sequence, out var right))
            {
                CompareToken(left, right, Differ);
            }
        }

        Compare("waitlist", Ids(expected.Waitlist), Ids(actual.Waitlist));
        Compare(
            "idempotency keys",
            Join(expected.IdempotencyRecords.Keys.Order()),
            Join(actual.IdempotencyRecords.Keys.Order())
        );
        foreach (var (key, record) in expected.IdempotencyRecords)
        {
            if (actual.IdempotencyRecords.TryGetValue(key, out var other))
            {
                Compare("idempotency record " + key, record, other);
            }
        }

        if (differences.Count > 0)
        {
            throw new AssertionFailedException(
                $"Doctor-day {expected.Key} differs in {differences.Count} places:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, differences)
            );
        }
    }

    /// <summary>Asserts that a doctor-day keeps the invariants of <see href="https://opdtokens.github.io/OpdTokens.Allocation/articles/design.html#6-invariants">the design, section 6</see> (see
    /// <see cref="DoctorDayInvariants"/>).</summary>
    /// <param name="day">The snapshot.</param>
    /// <param name="emergencyOverflowPerSlot">The engine's <c>EmergencyOverflowPerSlot</c> setting.</param>
    /// <param name="now">The time the snapshot is judged at.</param>
    /// <exception cref="ArgumentNullException"><paramref name="day"/> is <see langword="null"/>.</exception>
    /// <exception cref="AssertionFailedException">An invariant is broken; the message lists every violation.</exception>
    public static void KeepsInvariants(DoctorDay day, int emergencyOverflowPerSlot, DateTimeOffset now)
    {
        var violations = DoctorDayInvariants.FindViolations(day, emergencyOverflowPerSlot, now);
        if (!violations.IsEmpty)
        {
            throw new AssertionFailedException(
                $"Doctor-day {day.Key} v{day.Version} breaks {violations.Length} invariants:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, violations)
            );
        }
    }

    private static void CompareToken(Token left, Token right, Action<FormattableString> differ)
    {
        var at = "token " + left.Id;
        void Compare<T>(string what, T l, T r)
        {
            if (!EqualityComparer<T>.Default.Equals(l, r))
            {
                differ($"{at} {what}: expected {l}, got {r}");
            }
        }

        Compare("id", left.Id, right.Id);
        Compare("number", left.Number, right.Number);
        Compare("slot", left.SlotId, right.SlotId);
        // Patient.ToString hides personal data, so compare the fields one by one.
        Compare("patient name", left.Patient.Name, right.Patient.Name);
        Compare("patient phone", left.Patient.Phone, right.Patient.Phone);
        Compare("patient id", left.Patient.PatientId, right.Patient.PatientId);
        Compare("patient date of birth", left.Patient.DateOfBirth, right.Patient.DateOfBirth);
        Compare("patient attributes", Join(left.Patient.Attributes), Join(right.Patient.Attributes));
        Compare("source", left.Source, right.Source);
        Compare("status", left.Status, right.Status);
        Compare("priority score", left.PriorityScore, right.PriorityScore);
        Compare("overflow flag", left.IsOverflow, right.IsOverflow);
        Compare("bump count", left.BumpCount, right.BumpCount);
        CompareInstant(at + " created at", left.CreatedAt, right.CreatedAt, differ);
        CompareInstant(at + " allocated at", left.AllocatedAt, right.AllocatedAt, differ);
        CompareInstant(at + " checked in at", left.CheckedInAt, right.CheckedInAt, differ);
        CompareInstant(
            at + " consultation started at",
            left.ConsultationStartedAt,
            right.ConsultationStartedAt,
            differ
        );
        CompareInstant(at + " completed at", left.CompletedAt, right.CompletedAt, differ);
        CompareInstant(at + " cancelled at", left.CancelledAt, right.CancelledAt, differ);
        CompareInstant(at + " no-show at", left.NoShowAt, right.NoShowAt, differ);
        Compare("cancellation reason", left.CancellationReason, right.CancellationReason);
        Compare("history length", left.History.Length, right.History.Length);
        for (var index = 0; index < Math.Min(left.History.Length, right.History.Length); index++)
        {
            var (l, r) = (left.History[index], right.History[index]);
            var move = "move " + index.ToString(CultureInfo.InvariantCulture);
            CompareInstant($"{at} {move} at", l.At, r.At, differ);
            Compare(move + " from", l.From, r.From);
            Compare(move + " to", l.To, r.To);
            Compare(move + " reason", l.Reason, r.Reason);
            Compare(move + " note", l.Note, r.Note);
        }
    }

    /// <summary>Instants must come back with the same offset and every tick, not just the same point in time.</summary>
    private static void CompareInstant(
        string what,
        DateTimeOffset? expected,
        DateTimeOffset? actual,
        Action<FormattableString> differ
    )
    {
        var same = expected is { } e ? actual is { } a && e.EqualsExact(a) : actual is null;
        if (!same)
        {
            differ($"{what}: expected {expected:O}, got {actual:O}");
        }
    }

    private static string Ids(IEnumerable<Token> tokens) => Join(tokens.Select(t => t.Id));

    private static string Join<T>(IEnumerable<T> items) => string.Join(", ", items);
}
