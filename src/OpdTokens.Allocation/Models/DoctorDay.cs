using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using OpdTokens.Allocation.Core;

namespace OpdTokens.Allocation;

/// <summary>An immutable snapshot of one doctor's day: its slots, tokens, queues, waitlist and delay.</summary>
/// <remarks>
/// <para>A doctor-day is the partition every allocation decision stays inside. The engine changes its own working
/// copy of a day in place and hands out snapshots only to readers that ask for one (one per version, shared by every
/// reader of that version), so a reader holding a snapshot sees a consistent day without any lock, however the day
/// moves on. Reading a slot's queue, the waitlist, a token by sequence or an occupancy is O(1) and allocates
/// nothing: <see cref="Tokens"/>, <see cref="Waitlist"/> and <see cref="GetQueue"/> return read-only views.</para>
/// <para>Stores rebuild a snapshot from stored slots and tokens with <see cref="Create"/>; everything else here is
/// derived from those.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(Serialization.DoctorDayJsonConverter))]
[DebuggerDisplay("{Key} v{Version}: {Slots.Length} slots, {Tokens.Count} tokens, {Waitlist.Count} waitlisted")]
public sealed class DoctorDay
{
    private static readonly IReadOnlyDictionary<string, IdempotencyRecord> NoRecords = new ReadOnlyDictionary<
        string,
        IdempotencyRecord
    >(new Dictionary<string, IdempotencyRecord>());

    /// <summary>The frozen state: nothing changes it once the snapshot exists.</summary>
    private readonly DayState _state;

    private IReadOnlyDictionary<string, IdempotencyRecord>? _records;

    internal DoctorDay(DayState frozen)
    {
        _state = frozen;
        var byStart = frozen.SlotsByStart;
        Slots = ImmutableCollectionsMarshal.AsImmutableArray(
            byStart.Length == frozen.SlotCount ? byStart : byStart[..frozen.SlotCount]
        );
    }

    /// <summary>Gets the doctor-day this snapshot is of.</summary>
    public PartitionKey Key => _state.Key;

    /// <summary>Gets the version: 0 before anything was stored, then one more per committed change.</summary>
    public long Version => _state.Version;

    /// <summary>Gets how late the doctor is running; estimated start times shift by it.</summary>
    public TimeSpan Delay => _state.Delay;

    /// <summary>Gets the slots ordered by start time.</summary>
    public ImmutableArray<Slot> Slots { get; }

    /// <summary>Gets every token of the day, by sequence number.</summary>
    public TokenTable Tokens => new(_state.TokenArray, _state.NextSequence - 1, _state.TokenCount);

    /// <summary>Gets the waitlisted tokens in rank order.</summary>
    public TokenQueue Waitlist => new(_state.Waitlist.Keys, _state.Waitlist.Count, _state.TokenArray);

    /// <summary>Gets the idempotency keys used this day, by key.</summary>
    public IReadOnlyDictionary<string, IdempotencyRecord> IdempotencyRecords =>
        _records ??=
            _state.RecordCount == 0
                ? NoRecords
                : new ReadOnlyDictionary<string, IdempotencyRecord>(
                    _state.Records.ToDictionary(r => r.Key, StringComparer.Ordinal)
                );

    /// <summary>Gets the sequence number the next token will get.</summary>
    public int NextSequence => _state.NextSequence;

    /// <summary>The frozen state, for the engine to copy into its working copies.</summary>
    internal DayState State => _state;

    /// <summary>Creates an empty, never stored doctor-day (version 0).</summary>
    /// <param name="key">The doctor-day.</param>
    /// <returns>The empty snapshot.</returns>
    public static DoctorDay Empty(PartitionKey key) => new(new DayState(key, 0, 0));

    /// <summary>Rebuilds a snapshot from stored data, checking that the data is consistent.</summary>
    /// <param name="key">The doctor-day.</param>
    /// <param name="version">The stored version (at least 0).</param>
    /// <param name="delay">The stored delay.</param>
    /// <param name="slots">The slots of the day, in any order; their numbers must be 1 to n.</param>
    /// <param name="tokens">The tokens of the day, in any order.</param>
    /// <param name="idempotencyRecords">The idempotency keys used this day, if any.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentNullException">A collection is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The data breaks a rule a snapshot always keeps: an item of another
    /// doctor-day, slot numbers with gaps or repeats, a repeated sequence number, a seat-holder without a known slot,
    /// a waitlisted token with a slot, two active tokens of one patient id, or an idempotency record for an unknown
    /// token.</exception>
    public static DoctorDay Create(
        PartitionKey key,
        long version,
        TimeSpan delay,
        IEnumerable<Slot> slots,
        IEnumerable<Token> tokens,
        IEnumerable<IdempotencyRecord>? idempotencyRecords = null
    )
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(version);

        var slotList = slots.OrderBy(s => s.Id.Number).ToList();
        var tokenList = tokens as IReadOnlyCollection<Token> ?? [.. tokens];
        var state = new DayState(key, tokenList.Count, slotList.Count) { Version = version, Delay = delay };
        for (var i = 0; i < slotList.Count; i++)
        {
            var slot = slotList[i];
            ArgumentNullException.ThrowIfNull(slot, nameof(slots));
            if (slot.Id.Partition != key)
            {
                throw new ArgumentException($"Slot {slot.Id} belongs to another doctor-day than {key}.", nameof(slots));
            }

            if (slot.Id.Number != i + 1)
            {
                throw new ArgumentException(
                    $"The slots of {key} must be numbered 1 to {slotList.Count} without gaps.",
                    nameof(slots)
                );
            }

            state.PutSlot(slot);
        }

        foreach (var token in tokenList)
        {
            ArgumentNullException.ThrowIfNull(token, nameof(tokens));
            CheckToken(state, token, nameof(tokens));
            state.Put(token);
        }

        foreach (var record in idempotencyRecords ?? [])
        {
            ArgumentNullException.ThrowIfNull(record, nameof(idempotencyRecords));
            if (record.TokenId.Partition != key || state.Find(record.TokenId.Sequence) is null)
            {
                throw new ArgumentException(
                    $"An idempotency record of {key} names an unknown token.",
                    nameof(idempotencyRecords)
                );
            }

            state.PutRecord(record);
        }

        return new DoctorDay(state);
    }

    /// <summary>Finds a slot of this day.</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The slot, or <see langword="null"/> when the id is not a slot of this day.</returns>
    public Slot? FindSlot(SlotId id) => _state.FindSlot(id)?.Slot;

    /// <summary>Gets the tokens waiting in a slot (allocated or checked in) in rank order.</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The queue; empty when the id is not a slot of this day. O(1), allocation-free.</returns>
    public TokenQueue GetQueue(SlotId id) =>
        _state.FindSlot(id) is { } slot ? new(slot.Queue.Keys, slot.Queue.Count, _state.TokenArray) : default;

    /// <summary>Gets how many seats of a slot are held (allocated, checked in, consulting or completed).</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The occupancy; 0 when the id is not a slot of this day.</returns>
    public int GetOccupancy(SlotId id) => _state.FindSlot(id)?.Occupancy ?? 0;

    /// <summary>Gets how many seats of a slot are free within its capacity.</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The free seats; 0 for an inactive slot or an id that is not a slot of this day.</returns>
    public int GetFreeSeats(SlotId id) => _state.FindSlot(id)?.FreeSeats ?? 0;

    /// <summary>Finds a token of this day.</summary>
    /// <param name="id">The token id.</param>
    /// <returns>The token, or <see langword="null"/> when the id is not a token of this day.</returns>
    public Token? FindToken(TokenId id) => _state.Find(id);

    /// <summary>Finds the active token (waitlisted, allocated, checked in or consulting) of a patient id.</summary>
    /// <param name="patientId">The host's patient id.</param>
    /// <returns>The token, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="patientId"/> is <see langword="null"/>.</exception>
    public Token? FindActiveToken(string patientId)
    {
        ArgumentNullException.ThrowIfNull(patientId);
        return _state.FindActiveToken(patientId);
    }

    /// <summary>Gets a waiting token's 1-based position in its slot's queue, as the token stands in this
    /// snapshot.</summary>
    /// <param name="token">A token of this day (any copy of it).</param>
    /// <returns>The position, or <see langword="null"/> when the token is not waiting in a slot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public int? GetQueuePosition(Token token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (
            _state.Find(token.Id) is not { } current
            || !current.Status.IsWaitingInSlot()
            || _state.FindSlot(current.SlotId!.Value) is not { } slot
        )
        {
            return null;
        }

        var index = slot.Queue.IndexOf(current.Sequence, current.PriorityScore);
        return index >= 0 ? index + 1 : null;
    }

    /// <summary>Estimates when a waiting token will be seen, with the slot formula.</summary>
    /// <param name="token">A token of this day.</param>
    /// <returns>Slot start + delay + (position - 1) x slot length / capacity, or <see langword="null"/> when the token
    /// is not waiting in a slot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public DateTimeOffset? GetEstimatedStart(Token token)
    {
        var position = GetQueuePosition(token);
        return position is { } p && _state.Find(token.Id)?.SlotId is { } slotId && FindSlot(slotId) is { } slot
            ? EstimateStart(slot, Delay, p)
            : null;
    }

    /// <summary>Lists a slot's queue with positions and estimated starts (the slot formula).</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The entries in rank order; empty when the id is not a slot of this day.</returns>
    public ImmutableArray<QueueEntry> GetQueueEntries(SlotId id)
    {
        if (_state.FindSlot(id) is not { } slot)
        {
            return [];
        }

        var queue = GetQueue(id);
        var entries = new QueueEntry[queue.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new QueueEntry(queue[i], i + 1, EstimateStart(slot.Slot, Delay, i + 1));
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(entries);
    }

    /// <remarks>Saturates at the end of the calendar: a late slot on its last day plus a long delay is "as late as can
    /// be", not an overflow.</remarks>
    internal static DateTimeOffset EstimateStart(Slot slot, TimeSpan delay, int position)
    {
        var offset = delay + (position - 1) * (slot.Length / slot.MaxCapacity);
        // Both the UTC and the local clock reading must stay representable.
        var room = DateTime.MaxValue.Ticks - Math.Max(slot.StartsAt.Ticks, slot.StartsAt.UtcTicks);
        return offset.Ticks <= room ? slot.StartsAt + offset : DateTimeOffset.MaxValue;
    }

    /// <summary>The checks <see cref="Create"/> makes of each stored token before adding it.</summary>
    private static void CheckToken(DayState state, Token token, string parameter)
    {
        var key = state.Key;
        if (token.Partition != key)
        {
            throw new ArgumentException($"Token {token.Id} belongs to another doctor-day than {key}.", parameter);
        }

        if (token.Sequence < 1)
        {
            throw new ArgumentException($"Token {token.Id} has a sequence number below 1.", parameter);
        }

        if (state.Find(token.Sequence) is not null)
        {
            throw new ArgumentException($"Sequence number {token.Sequence} is used twice in {key}.", parameter);
        }

        if (token.Status == TokenStatus.Waitlisted && token.SlotId is not null)
        {
            throw new ArgumentException($"Waitlisted token {token.Id} must not have a slot.", parameter);
        }

        if (
            token.HoldsSeat
            && (token.SlotId is not { } slotId || slotId.Partition != key || slotId.Number > state.SlotCount)
        )
        {
            throw new ArgumentException($"Seat-holding token {token.Id} must have a slot of {key}.", parameter);
        }

        if (
            token.Status.IsActive()
            && token.Patient.PatientId is { } patientId
            && state.FindActiveToken(patientId) is not null
        )
        {
            throw new ArgumentException($"Two active tokens of {key} share a patient id.", parameter);
        }
    }
}
