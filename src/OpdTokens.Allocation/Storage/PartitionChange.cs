using System.Collections.Immutable;
using System.Collections.ObjectModel;

namespace OpdTokens.Allocation.Storage;

/// <summary>One change of a doctor-day for <see cref="IStateStore.CommitAsync"/>: what changed (tokens, slots,
/// idempotency records, the delay) and the domain events, conditional on the version it was decided on.</summary>
/// <remarks>
/// <para>A change names every row it touches in its new state, so a SQL store writes deltas; a store that keeps whole
/// days applies them to its copy (the in-memory store does).</para>
/// <para>The engine reuses its change objects: a store reads a change during <see cref="IStateStore.CommitAsync"/>
/// and copies what it keeps, and never touches the change once the commit's task has completed. The tokens, slots and
/// records themselves are immutable and may be kept.</para>
/// <para>Not thread-safe while the engine fills it; a store reads it from any thread during the commit.</para>
/// </remarks>
public sealed class PartitionChange
{
    private readonly List<Token> _tokens;
    private readonly List<Slot> _slots;
    private readonly List<IdempotencyRecord> _records;

    /// <summary>Creates a change, checking that everything in it belongs to the doctor-day.</summary>
    /// <param name="partition">The doctor-day changed.</param>
    /// <param name="expectedVersion">The version the change was decided on; 0 when the doctor-day was never
    /// stored.</param>
    /// <param name="delay">The doctor-day's delay after the change.</param>
    /// <param name="tokens">The tokens added or changed, in their new state, each once.</param>
    /// <param name="slots">The slots added or changed, in their new state, each once.</param>
    /// <param name="idempotencyRecords">The idempotency records added.</param>
    /// <param name="events">The domain events of the change.</param>
    /// <exception cref="ArgumentNullException">A collection or an item is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="ArgumentException">A token, slot or record belongs to another doctor-day.</exception>
    public PartitionChange(
        PartitionKey partition,
        long expectedVersion,
        TimeSpan delay,
        IEnumerable<Token> tokens,
        IEnumerable<Slot> slots,
        IEnumerable<IdempotencyRecord> idempotencyRecords,
        ImmutableArray<AllocationEvent> events
    )
        : this()
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(idempotencyRecords);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        Reset(partition, expectedVersion, delay, events.IsDefault ? [] : events);
        foreach (var token in tokens)
        {
            ArgumentNullException.ThrowIfNull(token, nameof(tokens));
            Require(token.Partition == partition, $"Token {token.Id} is not of {partition}.", nameof(tokens));
            _tokens.Add(token);
        }

        foreach (var slot in slots)
        {
            ArgumentNullException.ThrowIfNull(slot, nameof(slots));
            Require(slot.Id.Partition == partition, $"Slot {slot.Id} is not of {partition}.", nameof(slots));
            _slots.Add(slot);
        }

        foreach (var record in idempotencyRecords)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(idempotencyRecords));
            Require(
                record.TokenId.Partition == partition,
                $"Idempotency record {record.Key} is not of {partition}.",
                nameof(idempotencyRecords)
            );
            _records.Add(record);
        }
    }

    /// <summary>An empty change the engine fills and reuses.</summary>
    internal PartitionChange()
    {
        _tokens = [];
        _slots = [];
        _records = [];
        Tokens = new ReadOnlyCollection<Token>(_tokens);
        Slots = new ReadOnlyCollection<Slot>(_slots);
        IdempotencyRecords = new ReadOnlyCollection<IdempotencyRecord>(_records);
    }

    /// <summary>Gets the doctor-day changed.</summary>
    public PartitionKey Partition { get; private set; }

    /// <summary>Gets the version the change was decided on; 0 when the doctor-day was never stored.</summary>
    public long ExpectedVersion { get; private set; }

    /// <summary>Gets the version after the change: one more than <see cref="ExpectedVersion"/>.</summary>
    public long NewVersion => ExpectedVersion + 1;

    /// <summary>Gets the doctor-day's delay after the change (changed or not).</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>Gets the tokens added or changed, in their new state.</summary>
    public IReadOnlyList<Token> Tokens { get; }

    /// <summary>Gets the slots added or changed, in their new state.</summary>
    public IReadOnlyList<Slot> Slots { get; }

    /// <summary>Gets the idempotency records added.</summary>
    public IReadOnlyList<IdempotencyRecord> IdempotencyRecords { get; }

    /// <summary>Gets the domain events of the change, in the order they happened (an outbox or audit table may keep
    /// them).</summary>
    public ImmutableArray<AllocationEvent> Events { get; private set; }

    internal List<Token> TokenBuffer => _tokens;

    internal List<Slot> SlotBuffer => _slots;

    internal List<IdempotencyRecord> RecordBuffer => _records;

    /// <summary>Empties the change for its next use.</summary>
    internal void Reset(
        PartitionKey partition,
        long expectedVersion,
        TimeSpan delay,
        ImmutableArray<AllocationEvent> events
    )
    {
        Partition = partition;
        ExpectedVersion = expectedVersion;
        Delay = delay;
        Events = events;
        _tokens.Clear();
        _slots.Clear();
        _records.Clear();
    }

    private static void Require(bool condition, string message, string parameter)
    {
        if (!condition)
        {
            throw new ArgumentException(message, parameter);
        }
    }
}
