using System.Collections.Immutable;

namespace OpdTokens.Allocation.Core;

/// <summary>Adding, closing and resizing slots. Every change that frees or adds seats fills them from the
/// waitlist.</summary>
internal static class SlotRules
{
    public static Decision<SlotChangeResult> Add(DayEditor editor, Doctor doctor, AddSlot command)
    {
        var context = editor.Context;
        if (!doctor.IsActive)
        {
            return new AllocationError(
                AllocationErrorCode.DoctorUnavailable,
                $"Doctor {doctor.Id} is not taking new slots."
            );
        }

        if (context.Rules.CheckBookable(command.Date, context.Today) is { } unbookable)
        {
            return unbookable;
        }

        var errors = new List<FieldError>();
        InputRules.CheckCapacity(command.MaxCapacity, errors);
        if (command.StartTime >= command.EndTime)
        {
            errors.Add(new FieldError("endTime", "The slot must end after it starts."));
        }

        var startsAt = ToInstant(command.Date, command.StartTime, context.TimeZone, "startTime", errors);
        var endsAt = ToInstant(command.Date, command.EndTime, context.TimeZone, "endTime", errors);
        if (errors.Count == 0 && endsAt <= context.Now)
        {
            errors.Add(new FieldError("date", "The slot is in the past."));
        }

        if (errors.Count == 0 && FindOverlap(editor.SlotsByStart, startsAt, endsAt) is { } overlapping)
        {
            errors.Add(new FieldError("startTime", $"The slot overlaps slot {overlapping.Id}."));
        }

        if (errors.Count > 0)
        {
            return AllocationError.Validation([.. errors]);
        }

        var slot = new Slot(new SlotId(editor.Key, editor.SlotCount + 1), startsAt, endsAt, command.MaxCapacity);
        editor.PutSlot(slot);
        editor.Emit(new SlotAdded(editor.Stamp, slot.Id, slot.MaxCapacity));
        var promoted = editor.FillFreeSeats();
        return new Decision<SlotChangeResult>(
            editor.Build(),
            new SlotChangeResult(slot, editor.Book(slot).Occupancy, promoted)
        );
    }

    public static Decision<SlotChangeResult> Close(DayEditor editor, CloseSlot command)
    {
        if (editor.FindSlot(command.SlotId) is not { } slot)
        {
            return AllocationError.NotFound($"Slot {command.SlotId} does not exist.");
        }

        if (!slot.IsActive)
        {
            return new Decision<SlotChangeResult>(null, new SlotChangeResult(slot, editor.Book(slot).Occupancy, []));
        }

        var waiting = editor.QueueOf(slot);
        var closed = slot with { IsActive = false };
        editor.PutSlot(closed);
        foreach (var token in waiting)
        {
            if (editor.FirstLaterWithRoom(slot) is { } later)
            {
                editor.Seat(token, later, MoveReason.SlotClosed);
                editor.Emit(new TokenReallocated(editor.Stamp, token.Id, slot.Id, later.Id, MoveReason.SlotClosed));
            }
            else
            {
                editor.Unseat(token, MoveReason.SlotClosed);
                editor.Emit(new TokenReallocated(editor.Stamp, token.Id, slot.Id, null, MoveReason.SlotClosed));
            }
        }

        editor.Emit(new SlotClosed(editor.Stamp, slot.Id, waiting.Length));
        editor.FillFreeSeats();
        var moved = waiting.Select(t => editor.Find(t.Sequence)!).ToImmutableArray();
        return new Decision<SlotChangeResult>(
            editor.Build(),
            new SlotChangeResult(closed, editor.Book(closed).Occupancy, moved)
        );
    }

    public static Decision<SlotChangeResult> Resize(DayEditor editor, ResizeSlot command)
    {
        var errors = new List<FieldError>();
        InputRules.CheckCapacity(command.MaxCapacity, errors);
        if (errors.Count > 0)
        {
            return AllocationError.Validation([.. errors]);
        }

        if (editor.FindSlot(command.SlotId) is not { } slot)
        {
            return AllocationError.NotFound($"Slot {command.SlotId} does not exist.");
        }

        var occupancy = editor.Book(slot).Occupancy;
        if (command.MaxCapacity < occupancy)
        {
            return new AllocationError(
                AllocationErrorCode.CapacityBelowOccupancy,
                $"Slot {slot.Id} holds {occupancy} seats; it cannot shrink to {command.MaxCapacity}."
            );
        }

        if (command.MaxCapacity == slot.MaxCapacity)
        {
            return new Decision<SlotChangeResult>(null, new SlotChangeResult(slot, occupancy, []));
        }

        var resized = slot with { MaxCapacity = command.MaxCapacity };
        editor.PutSlot(resized);
        editor.Emit(new SlotResized(editor.Stamp, slot.Id, slot.MaxCapacity, resized.MaxCapacity));
        var promoted = editor.FillFreeSeats();
        return new Decision<SlotChangeResult>(
            editor.Build(),
            new SlotChangeResult(resized, editor.Book(resized).Occupancy, promoted)
        );
    }

    private static Slot? FindOverlap(ReadOnlySpan<Slot> slots, DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        foreach (var slot in slots)
        {
            if (slot.StartsAt < endsAt && startsAt < slot.EndsAt)
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>A local date and time of the hospital as an instant with its offset.</summary>
    internal static DateTimeOffset ToInstant(
        DateOnly date,
        TimeOnly time,
        TimeZoneInfo zone,
        string field,
        List<FieldError> errors
    )
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            errors.Add(new FieldError(field, "The time does not exist on that day in the hospital's time zone."));
            return default;
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
