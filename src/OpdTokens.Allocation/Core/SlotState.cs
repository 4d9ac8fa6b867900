using System.Diagnostics;

namespace OpdTokens.Allocation.Core;

/// <summary>A slot of a doctor-day with what is derived from its tokens: the waiting queue and the seat count.</summary>
[DebuggerDisplay("{Slot.Id} {Occupancy}/{Slot.MaxCapacity}")]
internal sealed class SlotState
{
    public SlotState(Slot slot, RankedSequences queue, int occupancy)
    {
        Slot = slot;
        Queue = queue;
        Occupancy = occupancy;
    }

    /// <summary>The slot itself.</summary>
    public Slot Slot { get; set; }

    /// <summary>Sequences of the tokens waiting in the slot (allocated or checked in), in rank order.</summary>
    public RankedSequences Queue { get; }

    /// <summary>Seat-holding tokens of the slot.</summary>
    public int Occupancy { get; set; }

    /// <summary>Free seats within capacity; never negative, zero for an inactive slot.</summary>
    public int FreeSeats => Slot.IsActive ? Math.Max(0, Slot.MaxCapacity - Occupancy) : 0;

    /// <summary>A new, empty slot; its queue has room for the capacity and one emergency overflow (up to 63), so
    /// filling a slot of a usual size never grows the array.</summary>
    public static SlotState For(Slot slot) => new(slot, new RankedSequences(Math.Min(slot.MaxCapacity + 1, 64)), 0);

    /// <summary>A copy that shares nothing mutable with this one.</summary>
    public SlotState Copy() => new(Slot, Queue.Copy(), Occupancy);
}
