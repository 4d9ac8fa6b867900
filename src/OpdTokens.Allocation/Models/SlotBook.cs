using System.Collections.Immutable;
using System.Diagnostics;

namespace OpdTokens.Allocation;

/// <summary>A slot together with what is derived from its tokens: the waiting queue and the seat counts.</summary>
/// <remarks>Kept in the snapshot so reading a queue or an occupancy is O(1); rebuilt from tokens on load.</remarks>
[DebuggerDisplay("{Slot.Id} {Occupancy}/{Slot.MaxCapacity}")]
internal sealed class SlotBook
{
    public SlotBook(Slot slot, ImmutableSortedSet<Token> queue, int occupancy)
    {
        Slot = slot;
        Queue = queue;
        Occupancy = occupancy;
    }

    /// <summary>The slot itself.</summary>
    public Slot Slot { get; }

    /// <summary>Tokens waiting in the slot (allocated or checked in), in rank order.</summary>
    public ImmutableSortedSet<Token> Queue { get; }

    /// <summary>Seat-holding tokens of the slot.</summary>
    public int Occupancy { get; }

    /// <summary>Free seats within capacity; never negative, zero for an inactive slot.</summary>
    public int FreeSeats => Slot.IsActive ? Math.Max(0, Slot.MaxCapacity - Occupancy) : 0;

    public static SlotBook For(Slot slot) =>
        new(slot, ImmutableSortedSet<Token>.Empty.WithComparer(Policies.RankComparer.Instance), 0);

    public SlotBook WithSlot(Slot slot) => new(slot, Queue, Occupancy);

    /// <summary>The book without one of its seat-holding tokens (the only kind a book counts).</summary>
    public SlotBook Without(Token token) =>
        // Stryker disable once Conditional : equivalent; removing a token that is not queued leaves the queue as is.
        new(Slot, token.Status.IsWaitingInSlot() ? Queue.Remove(token) : Queue, Occupancy - 1);

    /// <summary>Swaps a token's old state for its new one; both must hold a seat of this slot. The same as
    /// <c>Without(old).With(token)</c>, with one new book instead of two.</summary>
    public SlotBook Replace(Token old, Token token)
    {
        // Stryker disable once Conditional : equivalent; removing a token that is not queued leaves the queue as is.
        var queue = old.Status.IsWaitingInSlot() ? Queue.Remove(old) : Queue;
        queue = token.Status.IsWaitingInSlot() ? queue.Add(token) : queue;
        return new SlotBook(Slot, queue, Occupancy);
    }

    /// <summary>The book with one more seat-holding token.</summary>
    public SlotBook With(Token token) =>
        new(Slot, token.Status.IsWaitingInSlot() ? Queue.Add(token) : Queue, Occupancy + 1);
}
