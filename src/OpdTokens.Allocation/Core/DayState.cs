using System.Diagnostics;

namespace OpdTokens.Allocation.Core;

/// <summary>One doctor-day held for the write path: tokens by sequence in an array, slots by number with their
/// queues as sorted arrays, the waitlist, the patient index and the idempotency records, changed in place.</summary>
/// <remarks>
/// <para>Every change goes through <see cref="Put"/>, <see cref="PutSlot"/> and their siblings, which keep the derived
/// indexes (queues, occupancy, waitlist, active patients, overflow count) in step with the tokens, so a command
/// allocates nothing here but the tokens it creates. Tokens and slots are immutable public models; only the arrays
/// that index them change.</para>
/// <para>Not thread-safe. The engine keeps two copies per doctor-day (see <c>DoctorDayCell</c>): writers change one
/// under the stripe lock while readers read the other. A <see cref="DoctorDay"/> snapshot wraps a frozen copy that
/// nothing changes any more.</para>
/// </remarks>
[DebuggerDisplay("{Key} v{Version}: {SlotCount} slots, {TokenCount} tokens, {Waitlist.Count} waitlisted")]
internal sealed class DayState
{
    /// <summary>Tokens by sequence - 1; null where no token has that sequence.</summary>
    private Token?[] _tokens;

    /// <summary>Slots by number - 1 with their queues; the first <see cref="SlotCount"/> are set.</summary>
    private SlotState[] _slots;

    /// <summary>Slots ordered by start time (then number); the first <see cref="SlotCount"/> are set.</summary>
    private Slot[] _byStart;

    /// <summary>Active tokens by the host's patient id; created with the first patient id.</summary>
    private Dictionary<string, int>? _patients;

    /// <summary>Idempotency records by key; created with the first record.</summary>
    private Dictionary<string, IdempotencyRecord>? _records;

    public DayState(PartitionKey key, int tokenCapacity = 16, int slotCapacity = 8)
    {
        Key = key;
        _tokens = new Token?[tokenCapacity];
        _slots = new SlotState[slotCapacity];
        _byStart = new Slot[slotCapacity];
        Waitlist = new RankedSequences(0);
    }

    /// <summary>A day with no slots and no tokens, of no doctor, shared by reads of days nobody has stored; never
    /// written to.</summary>
    public static DayState Unknown { get; } = new(default, 0, 0);

    public PartitionKey Key { get; }

    /// <summary>0 before anything was stored, then one more per committed change.</summary>
    public long Version { get; set; }

    public TimeSpan Delay { get; set; }

    /// <summary>The sequence the next new token gets.</summary>
    public int NextSequence { get; private set; } = 1;

    public int TokenCount { get; private set; }

    public int SlotCount { get; private set; }

    /// <summary>How many tokens of the day were placed as emergency overflow.</summary>
    public int OverflowCount { get; private set; }

    /// <summary>Free seats within capacity over the active slots, ended or not: the alternatives search skips a day
    /// without any.</summary>
    public int FreeSeats { get; private set; }

    public RankedSequences Waitlist { get; }

    /// <summary>The token array by sequence - 1, for read views; only the first <c>NextSequence - 1</c> matter.</summary>
    public Token?[] TokenArray => _tokens;

    /// <summary>Slots by start time; only the first <see cref="SlotCount"/> matter.</summary>
    public Slot[] SlotsByStart => _byStart;

    public int RecordCount => _records?.Count ?? 0;

    /// <summary>Readers of this copy at the moment; see <c>DoctorDayCell</c>.</summary>
    public int Readers;

    public Token? Find(int sequence) => sequence >= 1 && sequence < NextSequence ? _tokens[sequence - 1] : null;

    public Token? Find(TokenId id) => id.Partition == Key ? Find(id.Sequence) : null;

    public SlotState? FindSlot(SlotId id) =>
        id.Partition == Key && id.Number >= 1 && id.Number <= SlotCount ? _slots[id.Number - 1] : null;

    public SlotState SlotAt(int number) => _slots[number - 1];

    public Token? FindActiveToken(string patientId) =>
        _patients is not null && _patients.TryGetValue(patientId, out var sequence) ? _tokens[sequence - 1] : null;

    public IdempotencyRecord? FindRecord(string key) =>
        _records is not null && _records.TryGetValue(key, out var record) ? record : null;

    public IEnumerable<IdempotencyRecord> Records => _records?.Values ?? Enumerable.Empty<IdempotencyRecord>();

    /// <summary>Adds or replaces a token, keeping queues, counts, the waitlist and the patient index in step.</summary>
    public void Put(Token token)
    {
        var sequence = token.Sequence;
        EnsureTokenRoom(sequence);
        var old = _tokens[sequence - 1];
        _tokens[sequence - 1] = token;
        if (old is null)
        {
            TokenCount++;
            NextSequence = Math.Max(NextSequence, sequence + 1);
            AttachSeat(token);
            if (token.Status.IsActive())
            {
                AttachPatient(token);
            }
        }
        else
        {
            Replace(old, token);
        }

        OverflowCount += (token.IsOverflow ? 1 : 0) - (old?.IsOverflow == true ? 1 : 0);
    }

    /// <summary>Takes a token out entirely: only undoing a command that created it does this.</summary>
    public void Remove(int sequence)
    {
        if (_tokens[sequence - 1] is not { } old)
        {
            return;
        }

        DetachSeat(old);
        if (old.Status.IsActive())
        {
            DetachPatient(old);
        }

        OverflowCount -= old.IsOverflow ? 1 : 0;
        _tokens[sequence - 1] = null;
        TokenCount--;
    }

    /// <summary>Sets where the next token's sequence starts; undoing a command that created tokens lowers it.</summary>
    public void ResetNextSequence(int next) => NextSequence = next;

    /// <summary>Adds a slot (its number one more than the last) or replaces one; replacing keeps its tokens.</summary>
    public void PutSlot(Slot slot)
    {
        var index = slot.Id.Number - 1;
        if (index == SlotCount)
        {
            if (SlotCount == _slots.Length)
            {
                Array.Resize(ref _slots, Math.Max(4, _slots.Length * 2));
                Array.Resize(ref _byStart, _slots.Length);
            }

            _slots[index] = SlotState.For(slot);
            var at = SlotCount;
            while (at > 0 && Later(_byStart[at - 1], slot))
            {
                _byStart[at] = _byStart[at - 1];
                at--;
            }

            _byStart[at] = slot;
            SlotCount++;
            FreeSeats += _slots[index].FreeSeats;
            // Stryker disable once Statement : equivalent; replacing the slot just added with itself changes nothing.
            return;
        }

        var state = _slots[index];
        var position = Array.IndexOf(_byStart, state.Slot, 0, SlotCount);
        _byStart[position] = slot;
        FreeSeats -= state.FreeSeats;
        state.Slot = slot;
        FreeSeats += state.FreeSeats;
    }

    /// <summary>Takes the last added slot out; only undoing the command that added it (with no token left in it) does
    /// this.</summary>
    public void RemoveLastSlot()
    {
        var last = _slots[SlotCount - 1];
        // Stryker disable once all : the mutation run tests the Release build, where Debug.Assert is compiled out.
        Debug.Assert(last.Occupancy == 0 && last.Queue.Count == 0, "Tokens leave a slot before the slot goes.");
        FreeSeats -= last.FreeSeats;
        var position = Array.IndexOf(_byStart, last.Slot, 0, SlotCount);
        Array.Copy(_byStart, position + 1, _byStart, position, SlotCount - position - 1);
        SlotCount--;
        _byStart[SlotCount] = null!;
        _slots[SlotCount] = null!;
    }

    public void PutRecord(IdempotencyRecord record) =>
        (_records ??= new Dictionary<string, IdempotencyRecord>(StringComparer.Ordinal))[record.Key] = record;

    public void RemoveRecord(string key) => _records?.Remove(key);

    /// <summary>A copy that shares nothing mutable with this one, its arrays trimmed to their contents: a frozen snapshot
    /// or the start of another working copy.</summary>
    public DayState Copy()
    {
        var copy = new DayState(Key, NextSequence - 1, SlotCount)
        {
            Version = Version,
            Delay = Delay,
            NextSequence = NextSequence,
            TokenCount = TokenCount,
            SlotCount = SlotCount,
            OverflowCount = OverflowCount,
            FreeSeats = FreeSeats,
        };
        Array.Copy(_tokens, copy._tokens, NextSequence - 1);
        for (var i = 0; i < SlotCount; i++)
        {
            copy._slots[i] = _slots[i].Copy();
        }

        Array.Copy(_byStart, copy._byStart, SlotCount);
        copy.Waitlist.CopyFrom(Waitlist);
        copy._patients = _patients is null ? null : new Dictionary<string, int>(_patients, StringComparer.Ordinal);
        copy._records = _records is null
            ? null
            : new Dictionary<string, IdempotencyRecord>(_records, StringComparer.Ordinal);
        return copy;
    }

    /// <summary>Makes this copy equal to <paramref name="source"/> for what <paramref name="changes"/> names, the
    /// rest being equal already: it brings a copy one command behind up to date, and undoes a command that was not
    /// committed.</summary>
    public void CatchUp(DayState source, ChangeSet changes)
    {
        // Slots first, so tokens moving into a slot the source added find it; slots the source lacks go last, once
        // their tokens have left.
        foreach (var number in changes.Slots)
        {
            if (number <= source.SlotCount)
            {
                PutSlot(source.SlotAt(number).Slot);
            }
        }

        foreach (var sequence in changes.Tokens)
        {
            if (source.Find(sequence) is { } token)
            {
                Put(token);
            }
            else if (sequence < NextSequence)
            {
                Remove(sequence);
            }
        }

        while (SlotCount > source.SlotCount)
        {
            RemoveLastSlot();
        }

        foreach (var key in changes.Records)
        {
            if (source.FindRecord(key) is { } record)
            {
                PutRecord(record);
            }
            else
            {
                RemoveRecord(key);
            }
        }

        Version = source.Version;
        Delay = source.Delay;
        NextSequence = source.NextSequence;
    }

    /// <summary>Whether an existing slot goes after a new one by start. The new slot has the highest number, so among
    /// equal starts (which only stored data could hold: the engine refuses overlaps) it goes last, in number order.</summary>
    private static bool Later(Slot slot, Slot than) => slot.StartsAt > than.StartsAt;

    private void EnsureTokenRoom(int sequence)
    {
        if (sequence > _tokens.Length)
        {
            Array.Resize(ref _tokens, Math.Max(sequence, _tokens.Length * 2));
        }
    }

    /// <summary>Swaps a token's old state for its new one in the derived indexes: a token that stays waiting in its
    /// slot keeps its place (its rank never changes), and a patient stays indexed until the token stops being
    /// active.</summary>
    private void Replace(Token old, Token token)
    {
        if (old.SlotId is { } from && old.HoldsSeat && token.SlotId == from && token.HoldsSeat)
        {
            var slot = _slots[from.Number - 1];
            var wasWaiting = old.Status.IsWaitingInSlot();
            if (wasWaiting != token.Status.IsWaitingInSlot())
            {
                if (wasWaiting)
                {
                    slot.Queue.Remove(token.Sequence, token.PriorityScore);
                }
                else
                {
                    slot.Queue.Insert(token.Sequence, token.PriorityScore);
                }
            }
        }
        else
        {
            DetachSeat(old);
            AttachSeat(token);
        }

        // A token keeps its patient; only a change of activity (or of patient id, which undoing a command may do)
        // touches the index.
        if (old.Status.IsActive() != token.Status.IsActive() || !SamePatientId(old, token))
        {
            if (old.Status.IsActive())
            {
                DetachPatient(old);
            }

            if (token.Status.IsActive())
            {
                AttachPatient(token);
            }
        }
    }

    // string.Equals compares references first, so a token that keeps its Patient costs no string comparison.
    private static bool SamePatientId(Token old, Token token) =>
        string.Equals(old.Patient.PatientId, token.Patient.PatientId, StringComparison.Ordinal);

    private void DetachSeat(Token token)
    {
        if (token.SlotId is { } slotId && token.HoldsSeat)
        {
            var slot = _slots[slotId.Number - 1];
            FreeSeats -= slot.FreeSeats;
            slot.Occupancy--;
            FreeSeats += slot.FreeSeats;
            if (token.Status.IsWaitingInSlot())
            {
                slot.Queue.Remove(token.Sequence, token.PriorityScore);
            }
        }
        else if (token.Status == TokenStatus.Waitlisted)
        {
            Waitlist.Remove(token.Sequence, token.PriorityScore);
        }
    }

    private void AttachSeat(Token token)
    {
        if (token.SlotId is { } slotId && token.HoldsSeat)
        {
            var slot = _slots[slotId.Number - 1];
            FreeSeats -= slot.FreeSeats;
            slot.Occupancy++;
            FreeSeats += slot.FreeSeats;
            if (token.Status.IsWaitingInSlot())
            {
                slot.Queue.Insert(token.Sequence, token.PriorityScore);
            }
        }
        else if (token.Status == TokenStatus.Waitlisted)
        {
            Waitlist.Insert(token.Sequence, token.PriorityScore);
        }
    }

    private void DetachPatient(Token token)
    {
        // Undoing a command may give the patient id back to another token before this one leaves.
        if (
            token.Patient.PatientId is { } patientId
            && _patients is not null
            && _patients.TryGetValue(patientId, out var sequence)
            && sequence == token.Sequence
        )
        {
            _patients.Remove(patientId);
        }
    }

    private void AttachPatient(Token token)
    {
        if (token.Patient.PatientId is { } patientId)
        {
            (_patients ??= new Dictionary<string, int>(StringComparer.Ordinal))[patientId] = token.Sequence;
        }
    }
}
