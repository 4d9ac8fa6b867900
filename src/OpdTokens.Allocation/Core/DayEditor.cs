using System.Collections.Immutable;
using System.Runtime.InteropServices;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Core;

/// <summary>A working copy of one doctor-day inside a single rule: it applies token and slot changes to the
/// immutable collections, keeps every derived index in step, and records what changed for the store.</summary>
/// <remarks>The editor is local to one rule call, so the rule stays a pure function of its inputs.</remarks>
internal sealed class DayEditor
{
    /// <summary>The snapshot the rule started from.</summary>
    private readonly DoctorDay _before;

    /// <summary>Time, zone, policy and numbers of this rule call.</summary>
    private readonly RuleContext _context;

    /// <summary>Slots by start time.</summary>
    private ImmutableArray<Slot> _slots;

    /// <summary>Slot books by slot number - 1.</summary>
    private ImmutableArray<SlotBook> _books;

    /// <summary>Every token by sequence.</summary>
    private ImmutableSortedDictionary<int, Token> _tokens;

    /// <summary>Waitlisted tokens in rank order.</summary>
    private ImmutableSortedSet<Token> _waitlist;

    /// <summary>Active tokens by patient id.</summary>
    private ImmutableDictionary<string, int> _patients;

    /// <summary>Idempotency records by key.</summary>
    private ImmutableDictionary<string, IdempotencyRecord> _records;

    /// <summary>The doctor-day's delay.</summary>
    private TimeSpan _delay;

    /// <summary>The sequence the next new token gets.</summary>
    private int _nextSequence;

    /// <summary>The sequence of the first token added or changed, 0 for none; most commands change one.</summary>
    private int _firstChangedToken;

    /// <summary>Sequences of the other tokens added or changed, in first-change order.</summary>
    private List<int>? _moreChangedTokens;

    /// <summary>Numbers of slots added or changed, in first-change order.</summary>
    private List<int>? _changedSlots;

    /// <summary>Idempotency records added.</summary>
    private List<IdempotencyRecord>? _newRecords;

    /// <summary>The first domain event; most commands raise exactly one.</summary>
    private AllocationEvent? _firstEvent;

    /// <summary>Domain events after the first, in the order they happened.</summary>
    private List<AllocationEvent>? _moreEvents;

    /// <summary>Whether the delay changed.</summary>
    private bool _headerChanged;

    public DayEditor(DoctorDay day, in RuleContext context)
    {
        _before = day;
        _context = context;
        _slots = day.Slots;
        _books = day.Books;
        _tokens = day.Tokens;
        _waitlist = day.Waitlist;
        _patients = day.ActivePatients;
        _records = day.IdempotencyRecords;
        _delay = day.Delay;
        _nextSequence = day.NextSequence;
    }

    public PartitionKey Key => _before.Key;

    public DateTimeOffset Now => _context.Now;

    public RuleContext Context => _context;

    /// <summary>The stamp every event of this change carries.</summary>
    public EventStamp Stamp => new(_before.Key, _before.Version + 1, _context.Now, _context.Actor);

    public ImmutableArray<Slot> SlotsByStart => _slots;

    public ImmutableSortedSet<Token> Waitlist => _waitlist;

    public ImmutableSortedDictionary<int, Token> Tokens => _tokens;

    public TimeSpan Delay => _delay;

    public int NextSequence => _nextSequence;

    public int SlotCount => _books.Length;

    public Token? Find(TokenId id) =>
        id.Partition == Key && _tokens.TryGetValue(id.Sequence, out var token) ? token : null;

    public SlotBook Book(Slot slot) => _books[slot.Id.Number - 1];

    /// <summary>Whether a slot takes tokens now: active and not ended.</summary>
    public bool IsOpen(Slot slot) => slot.IsActive && !slot.HasEnded(Now);

    /// <summary>Whether a slot takes tokens now and has a free seat within capacity.</summary>
    public bool HasRoom(Slot slot) => IsOpen(slot) && Book(slot).Occupancy < slot.MaxCapacity;

    /// <summary>The earliest open slot, with room or not.</summary>
    public Slot? FirstOpen()
    {
        foreach (var slot in _slots)
        {
            if (IsOpen(slot))
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>The earliest open slot with room.</summary>
    public Slot? FirstWithRoom()
    {
        foreach (var slot in _slots)
        {
            if (HasRoom(slot))
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>The earliest open slot with room that starts after <paramref name="after"/>.</summary>
    public Slot? FirstLaterWithRoom(Slot after)
    {
        foreach (var slot in _slots)
        {
            if (slot.StartsAt > after.StartsAt && HasRoom(slot))
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>How many tokens of the day were ever placed as emergency overflow.</summary>
    public int OverflowsToday()
    {
        var count = 0;
        foreach (var token in _tokens.Values)
        {
            if (token.IsOverflow)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Adds or replaces a token, keeping queues, counts, the waitlist and the patient index in step.</summary>
    public Token Put(Token token)
    {
        var sequence = token.Sequence;
        if (_tokens.TryGetValue(sequence, out var old))
        {
            Replace(old, token);
        }
        else
        {
            _nextSequence = Math.Max(_nextSequence, sequence + 1);
            Attach(token);
        }

        _tokens = _tokens.SetItem(sequence, token);
        if (_firstChangedToken == 0)
        {
            _firstChangedToken = sequence;
        }
        else if (_firstChangedToken != sequence)
        {
            Track(ref _moreChangedTokens, sequence);
        }
        return token;
    }

    /// <summary>Adds a slot or replaces one; replacing keeps its tokens.</summary>
    public void PutSlot(Slot slot)
    {
        var index = slot.Id.Number - 1;
        if (index == _books.Length)
        {
            _books = _books.Add(SlotBook.For(slot));
            var at = 0;
            // Stryker disable once Equality : equivalent; slots of a day never share a start, overlaps are refused.
            while (at < _slots.Length && _slots[at].StartsAt <= slot.StartsAt)
            {
                at++;
            }

            _slots = _slots.Insert(at, slot);
        }
        else
        {
            _books = _books.SetItem(index, _books[index].WithSlot(slot));
            var at = _slots.IndexOf(_books[index].Slot, 0, _slots.Length, SlotIdComparer.Instance);
            _slots = _slots.SetItem(at, slot);
        }

        Track(ref _changedSlots, slot.Id.Number);
    }

    public void SetDelay(TimeSpan delay)
    {
        if (delay != _delay)
        {
            _delay = delay;
            _headerChanged = true;
        }
    }

    public void Remember(IdempotencyRecord record)
    {
        _records = _records.SetItem(record.Key, record);
        // Stryker disable once Assignment : equivalent; a rule remembers at most one record per call.
        (_newRecords ??= []).Add(record);
    }

    public void Emit(AllocationEvent domainEvent)
    {
        if (_firstEvent is null)
        {
            _firstEvent = domainEvent;
        }
        else
        {
            (_moreEvents ??= []).Add(domainEvent);
        }
    }

    /// <summary>Puts a token into a slot's seat, keeping its status unless it came from the waitlist.</summary>
    public Token Seat(Token token, Slot slot, MoveReason? reason, string? note = null)
    {
        // One copy of the token per move: it is the largest object a command writes.
        return Put(
            token with
            {
                SlotId = slot.Id,
                Status = token.Status == TokenStatus.Waitlisted ? TokenStatus.Allocated : token.Status,
                AllocatedAt = token.AllocatedAt ?? Now,
                History = reason is { } why
                    ? AppendMove(token.History, new TokenMove(Now, token.SlotId, slot.Id, why, note))
                    : token.History,
            }
        );
    }

    /// <summary>Takes a seat-holding token out of its slot and puts it on the waitlist.</summary>
    public Token Unseat(Token token, MoveReason reason) =>
        Put(
            token with
            {
                SlotId = null,
                Status = TokenStatus.Waitlisted,
                History = AppendMove(token.History, new TokenMove(Now, token.SlotId, null, reason)),
            }
        );

    /// <summary>Moves a token bumped by a higher-ranked request to a later slot, or to the waitlist when
    /// <paramref name="to"/> is <see langword="null"/>, and counts the bump.</summary>
    public Token Bump(Token token, Slot? to) =>
        Put(
            token with
            {
                SlotId = to?.Id,
                // Only allocated tokens are bumped, so one moved to a later slot stays allocated, at its first time.
                Status = to is null ? TokenStatus.Waitlisted : token.Status,
                BumpCount = token.BumpCount + 1,
                History = AppendMove(token.History, new TokenMove(Now, token.SlotId, to?.Id, MoveReason.Bumped)),
            }
        );

    /// <summary>Gives free seats of open slots to the highest-ranked waitlisted tokens, earliest slot first, so no
    /// open slot has a free seat while someone waits (invariant 3).</summary>
    public ImmutableArray<Token> FillFreeSeats()
    {
        // Most commands in a full day free nothing: look for a seat before building anything.
        if (_waitlist.IsEmpty || FirstWithRoom() is not { } slot)
        {
            return [];
        }

        var promoted = ImmutableArray.CreateBuilder<Token>();
        do
        {
            var token = Seat(_waitlist.Min!, slot, MoveReason.Promoted);
            Emit(new TokenPromoted(Stamp, token.Id, slot.Id));
            promoted.Add(token);
        } while (!_waitlist.IsEmpty && (slot = FirstWithRoom()) is not null);

        return promoted.ToImmutable();
    }

    /// <summary>The committed change, or <see langword="null"/> when nothing changed.</summary>
    public PartitionChange? Build()
    {
        if (_firstChangedToken == 0 && _changedSlots is null && _newRecords is null && !_headerChanged)
        {
            return null;
        }

        var after = new DoctorDay(
            Key,
            _before.Version + 1,
            _delay,
            _slots,
            _books,
            _tokens,
            _waitlist,
            _patients,
            _records,
            _nextSequence
        );

        return new PartitionChange(
            after,
            _before.Version,
            ChangedTokens(),
            ChangedSlots(),
            _newRecords is null ? [] : [.. _newRecords],
            _firstEvent is null ? []
                : _moreEvents is null ? ImmutableArray.Create(_firstEvent)
                : [_firstEvent, .. _moreEvents]
        );
    }

    /// <summary>The tokens added or changed, as they are now, in first-change order.</summary>
    private ImmutableArray<Token> ChangedTokens()
    {
        if (_firstChangedToken == 0)
        {
            return [];
        }

        // Filled in place and handed over without a copy: this runs on every command.
        var tokens = new Token[1 + (_moreChangedTokens?.Count ?? 0)];
        tokens[0] = _tokens[_firstChangedToken];
        for (var i = 1; i < tokens.Length; i++)
        {
            tokens[i] = _tokens[_moreChangedTokens![i - 1]];
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(tokens);
    }

    /// <summary>The slots added or changed, as they are now, in first-change order.</summary>
    private ImmutableArray<Slot> ChangedSlots()
    {
        if (_changedSlots is null)
        {
            return [];
        }

        var slots = new Slot[_changedSlots.Count];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = _books[_changedSlots[i] - 1].Slot;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(slots);
    }

    /// <summary>Appends a move to a token's history, keeping only the most recent ones.</summary>
    public static Token WithMove(Token token, TokenMove move) =>
        token with
        {
            History = AppendMove(token.History, move),
        };

    /// <summary>A history with a move appended, keeping only the most recent ones.</summary>
    private static ImmutableArray<TokenMove> AppendMove(ImmutableArray<TokenMove> history, TokenMove move) =>
        (history.Length >= Token.HistoryLimit ? history.RemoveAt(0) : history).Add(move);

    /// <summary>Swaps a token's old state for its new one in the derived indexes, touching each index once: a
    /// token that stays in its slot gets one new slot book, and a patient who stays active keeps their entry.</summary>
    private void Replace(Token old, Token token)
    {
        if (old.SlotId is { } from && old.HoldsSeat && token.SlotId == from && token.HoldsSeat)
        {
            _books = _books.SetItem(from.Number - 1, _books[from.Number - 1].Replace(old, token));
        }
        else
        {
            DetachSeat(old);
            AttachSeat(token);
        }

        // A token keeps its patient, and a token that stops being active never becomes active again (terminal
        // statuses never change), so the patient index only changes when the token stops being active.
        if (old.Status.IsActive() && !token.Status.IsActive())
        {
            DetachPatient(old);
        }
    }

    private void Attach(Token token)
    {
        AttachSeat(token);
        AttachPatient(token);
    }

    private void DetachSeat(Token token)
    {
        if (token.SlotId is { } slotId && token.HoldsSeat)
        {
            _books = _books.SetItem(slotId.Number - 1, _books[slotId.Number - 1].Without(token));
        }
        else if (token.Status == TokenStatus.Waitlisted)
        {
            _waitlist = _waitlist.Remove(token);
        }
    }

    private void DetachPatient(Token token)
    {
        if (token.Status.IsActive() && token.Patient.PatientId is { } patientId)
        {
            _patients = _patients.Remove(patientId);
        }
    }

    private void AttachSeat(Token token)
    {
        if (token.SlotId is { } slotId && token.HoldsSeat)
        {
            _books = _books.SetItem(slotId.Number - 1, _books[slotId.Number - 1].With(token));
        }
        else if (token.Status == TokenStatus.Waitlisted)
        {
            _waitlist = _waitlist.Add(token);
        }
    }

    private void AttachPatient(Token token)
    {
        if (token.Status.IsActive() && token.Patient.PatientId is { } patientId)
        {
            _patients = _patients.SetItem(patientId, token.Sequence);
        }
    }

    private static void Track(ref List<int>? list, int item)
    {
        list ??= [];
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }

    /// <summary>Finds a slot in the by-start array by id, whatever its other fields.</summary>
    private sealed class SlotIdComparer : IEqualityComparer<Slot>
    {
        public static readonly SlotIdComparer Instance = new();

        public bool Equals(Slot? x, Slot? y) => x?.Id == y?.Id;

        public int GetHashCode(Slot obj) => obj.Id.GetHashCode();
    }
}
