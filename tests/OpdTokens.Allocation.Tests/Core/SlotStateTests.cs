using OpdTokens.Allocation.Core;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>A slot with its queue and seat count.</summary>
public sealed class SlotStateTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));
    private static readonly DateTimeOffset Nine = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static Slot SlotOf(int capacity, bool active = true) =>
        new(new SlotId(Day, 1), Nine, Nine.AddHours(1), capacity, active);

    [Fact]
    public void Free_seats_are_capacity_less_occupancy_never_negative_and_none_in_a_closed_slot()
    {
        var state = SlotState.For(SlotOf(3));
        Assert.Equal(3, state.FreeSeats);
        state.Occupancy = 1;
        Assert.Equal(2, state.FreeSeats);
        state.Occupancy = 3;
        Assert.Equal(0, state.FreeSeats);
        state.Occupancy = 4;
        Assert.Equal(0, state.FreeSeats);

        state.Occupancy = 1;
        state.Slot = SlotOf(3, active: false);
        Assert.Equal(0, state.FreeSeats);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(5, 6)]
    [InlineData(62, 63)]
    [InlineData(63, 64)]
    [InlineData(64, 64)]
    [InlineData(1000, 64)]
    public void A_new_slot_has_queue_room_for_its_capacity_and_one_overflow_up_to_64(int capacity, int room)
    {
        var state = SlotState.For(SlotOf(capacity));

        Assert.Equal(room, state.Queue.Keys.Length);
        Assert.Equal((0, 0), (state.Occupancy, state.Queue.Count));
    }

    [Fact]
    public void A_copy_keeps_slot_and_seats_and_shares_no_queue()
    {
        var state = SlotState.For(SlotOf(4));
        state.Queue.Insert(1, 10);
        state.Occupancy = 2;

        var copy = state.Copy();
        copy.Queue.Insert(2, 20);
        copy.Occupancy = 3;

        Assert.Same(state.Slot, copy.Slot);
        Assert.Equal((2, 1), (state.Occupancy, state.Queue.Count));
        Assert.Equal((3, 2), (copy.Occupancy, copy.Queue.Count));
    }
}
