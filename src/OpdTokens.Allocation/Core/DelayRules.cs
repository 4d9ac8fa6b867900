using System.Collections.Immutable;

namespace OpdTokens.Allocation.Core;

/// <summary>A doctor running late: estimated times shift by the delay, and in each open slot the tail of the queue
/// whose estimated start no longer falls before the slot's end moves to the next slot with room, in rank order, one
/// move per token.</summary>
internal static class DelayRules
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(12);

    public static Decision<DelayResult> Report(DayEditor editor, ReportDelay command)
    {
        if (command.Delay < TimeSpan.Zero || command.Delay > MaxDelay)
        {
            return AllocationError.Validation("minutes", "The delay must be 0 to 720 minutes.");
        }

        // A delay shifts today's and later queues; a past day is over, and a day beyond the horizon has no queue.
        if (editor.Context.Rules.CheckBookable(editor.Key.Date, editor.Context.Today) is { } unbookable)
        {
            return unbookable;
        }

        editor.SetDelay(command.Delay);
        var moved = new List<int>();
        foreach (var slot in editor.SlotsByStart)
        {
            if (!editor.IsOpen(slot))
            {
                continue;
            }

            var tail = new List<Token>();
            var position = 0;
            foreach (var token in editor.QueueOf(slot))
            {
                position++;
                if (
                    DoctorDay.EstimateStart(slot, command.Delay, position) >= slot.EndsAt
                    && !moved.Contains(token.Sequence)
                )
                {
                    tail.Add(token);
                }
            }

            foreach (var token in tail)
            {
                // A plain null check, not `is not { } later`: the mutation tool cannot compile that pattern negated
                // and would then skip every mutant of this method.
                var later = editor.FirstLaterWithRoom(slot);
                if (later is null)
                {
                    break;
                }

                editor.Seat(token, later, MoveReason.DoctorDelayed);
                editor.Emit(new TokenReallocated(editor.Stamp, token.Id, slot.Id, later.Id, MoveReason.DoctorDelayed));
                moved.Add(token.Sequence);
            }
        }

        editor.Emit(new DelayReported(editor.Stamp, command.Delay, moved.Count));
        editor.FillFreeSeats();
        var movedTokens = moved.Select(s => editor.Find(s)!).ToImmutableArray();
        return new Decision<DelayResult>(editor.Build(), new DelayResult(command.Delay, movedTokens));
    }
}
