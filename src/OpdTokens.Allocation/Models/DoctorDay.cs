using System.Collections.Immutable;
using System.Diagnostics;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation;

/// <summary>The immutable snapshot of one doctor's day: its slots, tokens, queues, waitlist and delay.</summary>
/// <remarks>
/// <para>A doctor-day is the partition every allocation decision stays inside. The engine publishes a new snapshot
/// after every committed change with one reference swap, so a reader holding a snapshot sees a consistent day without
/// any lock. Reading a slot's queue or occupancy is O(1) and allocates nothing.</para>
/// <para>Stores rebuild a snapshot from stored slots and tokens with <see cref="Create"/>; everything else here is
/// derived from those.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{Key} v{Version}: {Slots.Length} slots, {Tokens.Count} tokens, {Waitlist.Count} waitlisted")]
public sealed class DoctorDay
{
    private static readonly ImmutableSortedSet<Token> EmptyRankedSet = ImmutableSortedSet<Token>.Empty.WithComparer(
        RankComparer.Instance
    );

    /// <summary>Slot books by slot number - 1, so a lookup by id is an index.</summary>
    private readonly ImmutableArray<SlotBook> _books;

    /// <summary>Active tokens by the host's patient id.</summary>
    private readonly ImmutableDictionary<string, int> _activePatients;

    internal DoctorDay(
        PartitionKey key,
        long version,
        TimeSpan delay,
        ImmutableArray<Slot> slots,
        ImmutableArray<SlotBook> books,
        ImmutableSortedDictionary<int, Token> tokens,
        ImmutableSortedSet<Token> waitlist,
        ImmutableDictionary<string, int> activePatients,
        ImmutableDictionary<string, IdempotencyRecord> idempotencyRecords,
        int nextSequence
    )
    {
        Key = key;
        Version = version;
        Delay = delay;
        Slots = slots;
        _books = books;
        Tokens = tokens;
        Waitlist = waitlist;
        _activePatients = activePatients;
        IdempotencyRecords = idempotencyRecords;
        NextSequence = nextSequence;
    }

    /// <summary>Gets the doctor-day this snapshot is of.</summary>
    public PartitionKey Key { get; }

    /// <summary>Gets the version: 0 before anything was stored, then one more per committed change.</summary>
    public long Version { get; }

    /// <summary>Gets how late the doctor is running; estimated start times shift by it.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Gets the slots ordered by start time.</summary>
    public ImmutableArray<Slot> Slots { get; }

    /// <summary>Gets every token of the day, by sequence number.</summary>
    public ImmutableSortedDictionary<int, Token> Tokens { get; }

    /// <summary>Gets the waitlisted tokens in rank order.</summary>
    public ImmutableSortedSet<Token> Waitlist { get; }

    /// <summary>Gets the idempotency keys used this day, by key.</summary>
    public ImmutableDictionary<string, IdempotencyRecord> IdempotencyRecords { get; }

    /// <summary>Gets the sequence number the next token will get.</summary>
    public int NextSequence { get; }

    internal ImmutableArray<SlotBook> Books => _books;

    internal ImmutableDictionary<string, int> ActivePatients => _activePatients;

    /// <summary>Creates an empty, never stored doctor-day (version 0).</summary>
    /// <param name="key">The doctor-day.</param>
    /// <returns>The empty snapshot.</returns>
    public static DoctorDay Empty(PartitionKey key) =>
        new(
            key,
            0,
            TimeSpan.Zero,
            [],
            [],
            ImmutableSortedDictionary<int, Token>.Empty,
            EmptyRankedSet,
            ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal),
            ImmutableDictionary<string, IdempotencyRecord>.Empty.WithComparers(StringComparer.Ordinal),
            1
        );

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
    /// a waitlisted token with a slot, or an idempotency record for an unknown token.</exception>
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
        var books = ImmutableArray.CreateBuilder<SlotBook>(slotList.Count);
        for (var i = 0; i < slotList.Count; i++)
        {
            var slot = slotList[i];
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

            books.Add(SlotBook.For(slot));
        }

        var tokenMap = ImmutableSortedDictionary.CreateBuilder<int, Token>();
        var waitlist = EmptyRankedSet.ToBuilder();
        var patients = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var nextSequence = 1;
        foreach (var token in tokens)
        {
            ArgumentNullException.ThrowIfNull(token, nameof(tokens));
            if (token.Partition != key)
            {
                throw new ArgumentException(
                    $"Token {token.Id} belongs to another doctor-day than {key}.",
                    nameof(tokens)
                );
            }

            if (!tokenMap.TryAdd(token.Sequence, token))
            {
                throw new ArgumentException(
                    $"Sequence number {token.Sequence} is used twice in {key}.",
                    nameof(tokens)
                );
            }

            nextSequence = Math.Max(nextSequence, token.Sequence + 1);
            if (token.Status == TokenStatus.Waitlisted)
            {
                if (token.SlotId is not null)
                {
                    throw new ArgumentException($"Waitlisted token {token.Id} must not have a slot.", nameof(tokens));
                }

                waitlist.Add(token);
            }
            else if (token.HoldsSeat)
            {
                if (token.SlotId is not { } slotId || slotId.Partition != key || slotId.Number > books.Count)
                {
                    throw new ArgumentException(
                        $"Seat-holding token {token.Id} must have a slot of {key}.",
                        nameof(tokens)
                    );
                }

                books[slotId.Number - 1] = books[slotId.Number - 1].With(token);
            }

            if (
                token.Status.IsActive()
                && token.Patient.PatientId is { } patientId
                && !patients.TryAdd(patientId, token.Sequence)
            )
            {
                throw new ArgumentException($"Two active tokens of {key} share a patient id.", nameof(tokens));
            }
        }

        var records = ImmutableDictionary.CreateBuilder<string, IdempotencyRecord>(StringComparer.Ordinal);
        foreach (var record in idempotencyRecords ?? [])
        {
            if (record.TokenId.Partition != key || !tokenMap.ContainsKey(record.TokenId.Sequence))
            {
                throw new ArgumentException(
                    $"An idempotency record of {key} names an unknown token.",
                    nameof(idempotencyRecords)
                );
            }

            records[record.Key] = record;
        }

        var byStart = slotList.OrderBy(s => s.StartsAt).ThenBy(s => s.Id.Number).ToImmutableArray();
        return new DoctorDay(
            key,
            version,
            delay,
            byStart,
            books.MoveToImmutable(),
            tokenMap.ToImmutable(),
            waitlist.ToImmutable(),
            patients.ToImmutable(),
            records.ToImmutable(),
            nextSequence
        );
    }

    /// <summary>Finds a slot of this day.</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The slot, or <see langword="null"/> when the id is not a slot of this day.</returns>
    public Slot? FindSlot(SlotId id) => FindBook(id)?.Slot;

    /// <summary>Gets the tokens waiting in a slot (allocated or checked in) in rank order.</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The queue; empty when the id is not a slot of this day. O(1), allocation-free.</returns>
    public ImmutableSortedSet<Token> GetQueue(SlotId id) => FindBook(id)?.Queue ?? EmptyRankedSet;

    /// <summary>Gets how many seats of a slot are held (allocated, checked in, consulting or completed).</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The occupancy; 0 when the id is not a slot of this day.</returns>
    public int GetOccupancy(SlotId id) => FindBook(id)?.Occupancy ?? 0;

    /// <summary>Gets how many seats of a slot are free within its capacity.</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The free seats; 0 for an inactive slot or an id that is not a slot of this day.</returns>
    public int GetFreeSeats(SlotId id) => FindBook(id)?.FreeSeats ?? 0;

    /// <summary>Finds a token of this day.</summary>
    /// <param name="id">The token id.</param>
    /// <returns>The token, or <see langword="null"/> when the id is not a token of this day.</returns>
    public Token? FindToken(TokenId id) =>
        id.Partition == Key && Tokens.TryGetValue(id.Sequence, out var token) ? token : null;

    /// <summary>Finds the active token (waitlisted, allocated, checked in or consulting) of a patient id.</summary>
    /// <param name="patientId">The host's patient id.</param>
    /// <returns>The token, or <see langword="null"/>.</returns>
    public Token? FindActiveToken(string patientId)
    {
        ArgumentNullException.ThrowIfNull(patientId);
        return _activePatients.TryGetValue(patientId, out var sequence) ? Tokens[sequence] : null;
    }

    /// <summary>Gets a waiting token's 1-based position in its slot's queue.</summary>
    /// <param name="token">A token of this day.</param>
    /// <returns>The position, or <see langword="null"/> when the token is not waiting in a slot.</returns>
    public int? GetQueuePosition(Token token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.Status.IsWaitingInSlot() || token.SlotId is not { } slotId || FindBook(slotId) is not { } book)
        {
            return null;
        }

        var index = book.Queue.IndexOf(token);
        return index >= 0 ? index + 1 : null;
    }

    /// <summary>Estimates when a waiting token will be seen.</summary>
    /// <param name="token">A token of this day.</param>
    /// <returns>Slot start + delay + (position - 1) x slot length / capacity, or <see langword="null"/> when the token
    /// is not waiting in a slot.</returns>
    public DateTimeOffset? GetEstimatedStart(Token token)
    {
        var position = GetQueuePosition(token);
        return position is { } p && FindSlot(token.SlotId!.Value) is { } slot ? EstimateStart(slot, Delay, p) : null;
    }

    /// <summary>Lists a slot's queue with positions and estimated starts.</summary>
    /// <param name="id">The slot id.</param>
    /// <returns>The entries in rank order; empty when the id is not a slot of this day.</returns>
    public ImmutableArray<QueueEntry> GetQueueEntries(SlotId id)
    {
        if (FindBook(id) is not { } book)
        {
            return [];
        }

        var entries = ImmutableArray.CreateBuilder<QueueEntry>(book.Queue.Count);
        var position = 1;
        foreach (var token in book.Queue)
        {
            entries.Add(new QueueEntry(token, position, EstimateStart(book.Slot, Delay, position)));
            position++;
        }

        return entries.MoveToImmutable();
    }

    internal static DateTimeOffset EstimateStart(Slot slot, TimeSpan delay, int position) =>
        slot.StartsAt + delay + (position - 1) * (slot.Length / slot.MaxCapacity);

    internal SlotBook? FindBook(SlotId id) =>
        id.Partition == Key && id.Number >= 1 && id.Number <= _books.Length ? _books[id.Number - 1] : null;
}
