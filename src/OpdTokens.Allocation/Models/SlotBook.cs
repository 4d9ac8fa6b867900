using System.Collections.Immutable;
using System.Diagnostics;

namespace OpdTokens.Allocation.Models;

/// <summary>A slot together with what is derived from its tokens: the waiting queue and the seat counts.</summary>
/// <remarks>Kept in the snapshot so reading a queue or an occupancy is O(1); rebuilt from tokens on load.</remarks>
[DebuggerDisplay("{Slot.Id} {Occupancy}/{Slot.MaxCapacity}")]
internal sealed class SlotBook
{
    public SlotBook(Slot slot, ImmutableSortedSet<Token> queue, int occupancy, int emergencies)
    {
        Slot = slot;
        Queue = queue;
        Occupancy = occupancy;
        Emergencies = emergencies;
    }

    /// <summary>The slot itself.</summary>
    public Slot Slot { get; }

    /// <summary>Tokens waiting in the slot (allocated or checked in), in rank order.</summary>
    public ImmutableSortedSet<Token> Queue { get; }

    /// <summary>Seat-holding tokens of the slot.</summary>
    public int Occupancy { get; }

    /// <summary>Seat-holding emergency tokens of the slot.</summary>
    public int Emergencies { get; }

    /// <summary>Free seats within capacity; never negative, zero for an inactive slot.</summary>
    public int FreeSeats => Slot.IsActive ? Math.Max(0, Slot.MaxCapacity - Occupancy) : 0;

    public static SlotBook For(Slot slot) =>
        new(slot, ImmutableSortedSet<Token>.Empty.WithComparer(Policies.RankComparer.Instance), 0, 0);

    public SlotBook WithSlot(Slot slot) => new(slot, Queue, Occupancy, Emergencies);

    public SlotBook Without(Token token)
    {
        var queue = token.Status.IsWaitingInSlot() ? Queue.Remove(token) : Queue;
        return token.HoldsSeat
            ? new SlotBook(Slot, queue, Occupancy - 1, Emergencies - (token.IsEmergency ? 1 : 0))
            : new SlotBook(Slot, queue, Occupancy, Emergencies);
    }

    /// <summary>Swaps a token's old state for its new one; both must hold a seat of this slot. The same as
    /// <c>Without(old).With(token)</c>, with one new book instead of two.</summary>
    public SlotBook Replace(Token old, Token token)
    {
        var queue = old.Status.IsWaitingInSlot() ? Queue.Remove(old) : Queue;
        queue = token.Status.IsWaitingInSlot() ? queue.Add(token) : queue;
        var emergencies = (token.IsEmergency ? 1 : 0) - (old.IsEmergency ? 1 : 0);
        return new SlotBook(Slot, queue, Occupancy, Emergencies + emergencies);
    }

    public SlotBook With(Token token)
    {
        var queue = token.Status.IsWaitingInSlot() ? Queue.Add(token) : Queue;
        return token.HoldsSeat
            ? new SlotBook(Slot, queue, Occupancy + 1, Emergencies + (token.IsEmergency ? 1 : 0))
            : new SlotBook(Slot, queue, Occupancy, Emergencies);
    }
}
