using System.Diagnostics;
using OpdTokens.Allocation.Core;

namespace OpdTokens.Allocation;

/// <summary>The engine's copy of one doctor-day: two working copies in the left-right manner, so writers change one in
/// place while readers read the other without a lock, and the snapshot handed to readers of the current version.</summary>
/// <remarks>
/// <para>The front copy is the last committed version; readers register on it with a counter, read, and leave. The
/// writer (holding the doctor-day's stripe lock) decides a command on the back copy, commits it to the store, and only
/// then swaps the two with one reference write. The old front is now the back, one command behind: the next writer
/// waits until no reader is left on it and replays the few rows that changed. A command that is not committed is
/// undone the same way, from the front. So a command allocates no copy of the day, readers never wait, and never see
/// a command half applied or not yet committed.</para>
/// <para>A cell may also hold only a snapshot a reader loaded from the store (no working copies yet): writers build
/// their copies from it when it is fresh.</para>
/// </remarks>
[DebuggerDisplay("{Key} v{Version}")]
internal sealed class DoctorDayCell
{
    /// <summary>The committed copy readers read; null while the cell holds only a loaded snapshot.</summary>
    private DayState? _front;

    /// <summary>The writer's copy; the rows named by <see cref="_behind"/> still differ from the front.</summary>
    private DayState? _back;

    /// <summary>What the back copy must take from the front before the next command.</summary>
    private readonly ChangeSet _behind = new();

    /// <summary>The snapshot of the newest version known: frozen from the front, or loaded from the store.</summary>
    private DoctorDay? _snapshot;

    /// <summary>When the newest version was committed here or loaded from the store, as a timestamp.</summary>
    private long _confirmedAt;

    /// <summary>Set after a version conflict: the next access reloads from the store.</summary>
    private volatile bool _stale;

    private bool _registered;

    private DayEditor? _editor;

    /// <summary>The free seats of the copy readers read, written once it is readable.</summary>
    private int _freeSeats;

    private long _lastUsed = Environment.TickCount64 >> 10;

    // Cells of doctors that different threads write are often neighbours on the heap.
#pragma warning disable CS0169, IDE0051 // never read: it only takes space
    private readonly CacheLinePadding _padding;
#pragma warning restore CS0169, IDE0051

    /// <summary>A cell holding a snapshot loaded from the store.</summary>
    public DoctorDayCell(DoctorDay loaded, long timestamp)
    {
        Key = loaded.Key;
        _snapshot = loaded;
        _confirmedAt = timestamp;
        _freeSeats = loaded.State.FreeSeats;
    }

    public PartitionKey Key { get; }

    /// <summary>Whether the cache holds this cell; a writer registers a cell it made, or one evicted meanwhile.</summary>
    public bool Registered
    {
        get => Volatile.Read(ref _registered);
        set => Volatile.Write(ref _registered, value);
    }

    /// <summary>When the cell was last used, in seconds of <see cref="Environment.TickCount64"/>: coarse, so a read
    /// writes it at most once a second.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    /// <summary>Notes a use of the cell, for the cache's least-recently-used bound.</summary>
    public void Touch()
    {
        var now = Environment.TickCount64 >> 10;
        if (Volatile.Read(ref _lastUsed) != now)
        {
            Volatile.Write(ref _lastUsed, now);
        }
    }

    /// <summary>The editor writers of this doctor-day reuse; only the holder of the stripe lock touches it.</summary>
    /// <remarks>Made on first use, so a cell only readers use (a day loaded for a reader) costs no editor.</remarks>
    public DayEditor Editor => _editor ??= new();

    /// <summary>The free seats of the day readers read. A reader that sees none may skip the day without reading it:
    /// the count can lag a copy just published, which is the same as having read the version before it.</summary>
    public int FreeSeats => Volatile.Read(ref _freeSeats);

    /// <summary>The newest version known.</summary>
    public long Version => Volatile.Read(ref _front)?.Version ?? Volatile.Read(ref _snapshot)?.Version ?? 0;

    /// <summary>When the newest version was committed here or loaded, as a timestamp.</summary>
    public long ConfirmedAt => Volatile.Read(ref _confirmedAt);

    /// <summary>Whether a version conflict showed the cell out of date.</summary>
    public bool IsStale => _stale;

    /// <summary>Whether the cell has working copies (a writer has used it).</summary>
    public bool HasCopies => Volatile.Read(ref _front) is not null;

    /// <summary>The newest snapshot, frozen on first request per version and shared by every reader of it.</summary>
    public DoctorDay Snapshot()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (Volatile.Read(ref _front) is not { } front || (snapshot is not null && snapshot.Version >= front.Version))
        {
            // Only a loaded snapshot, or one at least as new as the front (frozen already, or loaded since).
            return snapshot!;
        }

        return Read(this, static (front, cell) => cell.FrozenOf(front));
    }

    /// <summary>Runs a read of the committed copy, registered as a reader so no writer replays into it meanwhile.
    /// Keep reads short: the next writer waits for them.</summary>
    public T Read<TArg, T>(TArg argument, Func<DayState, TArg, T> read)
    {
        while (true)
        {
            var front = Volatile.Read(ref _front);
            if (front is null)
            {
                // Only a loaded snapshot: read a copy of its frozen state, which nothing changes.
                return read(Volatile.Read(ref _snapshot)!.State, argument);
            }

            Interlocked.Increment(ref front.Readers);
            try
            {
                // The writer swaps before it looks for readers on the old front, and this reader registers before it
                // looks at the front again: one of them sees the other.
                if (ReferenceEquals(front, Volatile.Read(ref _front)))
                {
                    return read(front, argument);
                }
            }
            finally
            {
                Interlocked.Decrement(ref front.Readers);
            }
        }
    }

    /// <summary>Offers a snapshot a reader loaded from the store; kept when it is newer than what the cell has.</summary>
    /// <returns>The newest snapshot the cell now has.</returns>
    public DoctorDay Offer(DoctorDay loaded, long timestamp)
    {
        lock (_behind)
        {
            var current = Volatile.Read(ref _snapshot);
            var frontVersion = Volatile.Read(ref _front)?.Version ?? -1;
            if (loaded.Version >= frontVersion && loaded.Version >= (current?.Version ?? -1))
            {
                Volatile.Write(ref _snapshot, loaded);
                Volatile.Write(ref _confirmedAt, timestamp);
                if (_front is null)
                {
                    // Readers read the snapshot until a writer makes copies.
                    Volatile.Write(ref _freeSeats, loaded.State.FreeSeats);
                }

                _stale = false;
                return loaded;
            }

            if (loaded.Version == frontVersion)
            {
                Volatile.Write(ref _confirmedAt, timestamp);
            }

            return Snapshot();
        }
    }

    /// <summary>Gives the writer the back copy, brought up to the front; null when the cell has no copies or a newer
    /// snapshot was loaded since (the writer then calls <see cref="Adopt"/>). Only under the stripe lock.</summary>
    public DayState? BeginWrite()
    {
        var front = _front;
        var back = _back;
        if (front is null || back is null || (_snapshot is { } loaded && loaded.Version > front.Version))
        {
            return null;
        }

        if (!_behind.IsEmpty)
        {
            // Readers that took the old front before the swap may still be on it.
            Interlocked.MemoryBarrier();
            var spinner = default(SpinWait);
            while (Volatile.Read(ref back.Readers) != 0)
            {
                spinner.SpinOnce();
            }

            back.CatchUp(front, _behind);
            _behind.Clear();
        }

        return back;
    }

    /// <summary>Replaces both copies with copies of a snapshot (loaded from the store, or the cell's own), dropping
    /// any change not committed. Only under the stripe lock.</summary>
    public DayState Adopt(DoctorDay day, long timestamp)
    {
        lock (_behind)
        {
            _back = day.State.Copy();
            _behind.Clear();
            Volatile.Write(ref _snapshot, day);
            Volatile.Write(ref _front, day.State.Copy());
            Volatile.Write(ref _freeSeats, day.State.FreeSeats);
            Volatile.Write(ref _confirmedAt, timestamp);
            _stale = false;
            return _back;
        }
    }

    /// <summary>Publishes the back copy, just committed, as the front. Only under the stripe lock.</summary>
    public void Publish(long timestamp)
    {
        var committed = _back!;
        _back = _front;
        _behind.Clear();
        _behind.Add(Editor.Changes);
        Volatile.Write(ref _front, committed);
        Volatile.Write(ref _freeSeats, committed.FreeSeats);
        Volatile.Write(ref _confirmedAt, timestamp);
    }

    /// <summary>Notes that the back copy holds changes that were not committed; the next writer undoes them. Only
    /// under the stripe lock.</summary>
    public void Discard() => _behind.Add(Editor.Changes);

    /// <summary>Marks the cell out of date after a version conflict, so the next access reloads it.</summary>
    public void Invalidate() => _stale = true;

    /// <summary>Notes that the store still has the front's version (a refusal was confirmed against it).</summary>
    public void Confirm(long timestamp) => Volatile.Write(ref _confirmedAt, timestamp);

    /// <summary>Freezes the front (under the reader registration) unless another reader already did.</summary>
    private DoctorDay FrozenOf(DayState front)
    {
        var cached = Volatile.Read(ref _snapshot);
        if (cached?.Version == front.Version)
        {
            return cached;
        }

        var frozen = new DoctorDay(front.Copy());
        Interlocked.CompareExchange(ref _snapshot, frozen, cached);
        return frozen;
    }
}
