using System.Collections.Immutable;
using System.Runtime.InteropServices;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Core;

/// <summary>What a rule sees of one doctor-day while it decides: the day's working copy, changed in place through
/// the moves the rules know (put, seat, unseat, bump, promote), with what changed recorded for the store and the
/// events of the change collected.</summary>
/// <remarks>
/// <para>A rule is still a function of its inputs: it reads the day, the command and the context, and its only effects
/// are on this working copy, which the engine shell discards (by bringing it back to the published copy) when the
/// change is not committed. Nothing here does I/O, takes a lock or reads a clock.</para>
/// <para>The shell keeps one editor per doctor-day and reuses it, with its change set and change object, so deciding
/// a command allocates only what the command creates.</para>
/// </remarks>
internal sealed class DayEditor
{
    private DayState _day = null!;
    private RuleContext _context;
    private long _before;

    /// <summary>The first domain event; most commands raise exactly one.</summary>
    private AllocationEvent? _firstEvent;

    /// <summary>Domain events after the first, in the order they happened.</summary>
    private readonly List<AllocationEvent> _moreEvents = [];

    /// <summary>What the command touched.</summary>
    public ChangeSet Changes { get; } = new();

    /// <summary>The change handed to the store; reused.</summary>
    public PartitionChange Change { get; } = new();

    /// <summary>Starts a command on a working copy of a day.</summary>
    public DayEditor Begin(DayState day, in RuleContext context)
    {
        _day = day;
        _context = context;
        _before = day.Version;
        _firstEvent = null;
        _moreEvents.Clear();
        Changes.Clear();
        return this;
    }

    public DayState Day => _day;

    public PartitionKey Key => _day.Key;

    public DateTimeOffset Now => _context.Now;

    public RuleContext Context => _context;

    /// <summary>The stamp of the next event of this change: rules build each event with it and emit it at once, so
    /// its sequence is the event's place in the change.</summary>
    public EventStamp Stamp => new(_day.Key, _before + 1, _context.Now, _context.Actor) { Sequence = EventCount + 1 };

    /// <summary>How many events the change has so far.</summary>
    private int EventCount => _firstEvent is null ? 0 : 1 + _moreEvents.Count;

    /// <summary>The slots by start time.</summary>
    public ReadOnlySpan<Slot> SlotsByStart => _day.SlotsByStart.AsSpan(0, _day.SlotCount);

    public TimeSpan Delay => _day.Delay;

    public int NextSequence => _day.NextSequence;

    public int SlotCount => _day.SlotCount;

    /// <summary>Whether anything was changed, committed or not.</summary>
    public bool IsDirty => !Changes.IsEmpty;

    public Token? Find(TokenId id) => _day.Find(id);

    public Token? Find(int sequence) => _day.Find(sequence);

    public Slot? FindSlot(SlotId id) => _day.FindSlot(id)?.Slot;

    public SlotState Book(Slot slot) => _day.SlotAt(slot.Id.Number);

    /// <summary>The highest-ranked waitlisted token, or null when nobody waits.</summary>
    public Token? FirstWaitlisted => _day.Waitlist.Count > 0 ? _day.Find(_day.Waitlist[0]) : null;

    /// <summary>A copy of a slot's queue as it is now, for rules that move its tokens while walking it.</summary>
    public Token[] QueueOf(Slot slot)
    {
        var queue = Book(slot).Queue;
        if (queue.Count == 0)
        {
            return [];
        }

        var tokens = new Token[queue.Count];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = _day.Find(queue[i])!;
        }

        return tokens;
    }

    /// <summary>Whether a slot takes tokens now: active and not ended.</summary>
    public bool IsOpen(Slot slot) => slot.IsActive && !slot.HasEnded(Now);

    /// <summary>Whether a slot takes tokens now and has a free seat within capacity.</summary>
    public bool HasRoom(Slot slot) => IsOpen(slot) && Book(slot).Occupancy < slot.MaxCapacity;

    /// <summary>The earliest open slot, with room or not.</summary>
    public Slot? FirstOpen()
    {
        foreach (var slot in SlotsByStart)
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
        foreach (var slot in SlotsByStart)
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
        foreach (var slot in SlotsByStart)
        {
            if (slot.StartsAt > after.StartsAt && HasRoom(slot))
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>How many tokens of the day were ever placed as emergency overflow.</summary>
    public int OverflowsToday() => _day.OverflowCount;

    /// <summary>Adds or replaces a token, keeping queues, counts, the waitlist and the patient index in step.</summary>
    public Token Put(Token token)
    {
        _day.Put(token);
        Changes.Token(token.Sequence);
        return token;
    }

    /// <summary>Adds a slot or replaces one; replacing keeps its tokens.</summary>
    public void PutSlot(Slot slot)
    {
        _day.PutSlot(slot);
        Changes.Slot(slot.Id.Number);
    }

    public void SetDelay(TimeSpan delay)
    {
        if (delay != _day.Delay)
        {
            _day.Delay = delay;
            Changes.HeaderChanged();
        }
    }

    public void Remember(IdempotencyRecord record)
    {
        _day.PutRecord(record);
        Changes.Record(record.Key);
    }

    public void Emit(AllocationEvent domainEvent)
    {
        // Stryker disable once all : the mutation run tests the Release build, where Debug.Assert is compiled out.
        System.Diagnostics.Debug.Assert(
            domainEvent.Stamp.Sequence == EventCount + 1,
            "An event is emitted right after it is built with the stamp."
        );
        if (_firstEvent is null)
        {
            _firstEvent = domainEvent;
        }
        else
        {
            _moreEvents.Add(domainEvent);
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
        if (_day.Waitlist.Count == 0 || FirstWithRoom() is not { } slot)
        {
            return [];
        }

        var promoted = ImmutableArray.CreateBuilder<Token>();
        do
        {
            var token = Seat(FirstWaitlisted!, slot, MoveReason.Promoted);
            Emit(new TokenPromoted(Stamp, token.Id, slot.Id));
            promoted.Add(token);
        } while (_day.Waitlist.Count > 0 && (slot = FirstWithRoom()) is not null);

        return promoted.ToImmutable();
    }

    /// <summary>The change to commit, or <see langword="null"/> when nothing changed. The working copy takes the new
    /// version; the change object is reused by the next command.</summary>
    public PartitionChange? Build()
    {
        if (Changes.IsEmpty)
        {
            return null;
        }

        _day.Version = _before + 1;
        var events = _firstEvent is null ? [] : BuildEvents();
        Change.Reset(_day.Key, _before, _day.Delay, events);
        foreach (var sequence in Changes.Tokens)
        {
            Change.TokenBuffer.Add(_day.Find(sequence)!);
        }

        foreach (var number in Changes.Slots)
        {
            Change.SlotBuffer.Add(_day.SlotAt(number).Slot);
        }

        foreach (var key in Changes.Records)
        {
            Change.RecordBuffer.Add(_day.FindRecord(key)!);
        }

        return Change;
    }

    private ImmutableArray<AllocationEvent> BuildEvents()
    {
        var events = new AllocationEvent[1 + _moreEvents.Count];
        events[0] = _firstEvent!;
        _moreEvents.CopyTo(events, 1);
        return ImmutableCollectionsMarshal.AsImmutableArray(events);
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
}
