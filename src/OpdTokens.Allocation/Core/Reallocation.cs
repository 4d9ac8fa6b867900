namespace OpdTokens.Allocation.Core;

/// <summary>The desk moves an allocated or checked-in token to another slot of its doctor-day that has room.</summary>
internal static class Reallocation
{
    public static Decision<Token> Reallocate(DayEditor editor, ReallocateToken command)
    {
        var errors = new List<FieldError>();
        InputRules.CheckReason(command.Reason, errors);
        if (command.SlotId.Partition != command.TokenId.Partition)
        {
            errors.Add(new FieldError("slotId", "The slot must belong to the token's doctor and day."));
        }

        if (errors.Count > 0)
        {
            return AllocationError.Validation([.. errors]);
        }

        if (editor.Find(command.TokenId) is not { } token)
        {
            return AllocationError.NotFound($"Token {command.TokenId} does not exist.");
        }

        if (!token.Status.IsWaitingInSlot())
        {
            return new AllocationError(
                AllocationErrorCode.InvalidTransition,
                $"Token {token.Id} is {token.Status}; only allocated or checked-in tokens can be reallocated."
            )
            {
                CurrentStatus = token.Status,
            };
        }

        if (editor.FindSlot(command.SlotId) is not { } slot)
        {
            return AllocationError.NotFound($"Slot {command.SlotId} does not exist.");
        }

        if (token.SlotId == slot.Id)
        {
            return AllocationError.Validation("slotId", "The token is already in this slot.");
        }

        if (!editor.IsOpen(slot))
        {
            return new AllocationError(AllocationErrorCode.SlotUnavailable, $"Slot {slot.Id} is closed or has ended.");
        }

        if (!editor.HasRoom(slot))
        {
            return new AllocationError(AllocationErrorCode.SlotFull, $"Slot {slot.Id} has no free seat.");
        }

        var moved = editor.Seat(token, slot, MoveReason.Reallocated, command.Reason);
        editor.Emit(new TokenReallocated(editor.Stamp, token.Id, token.SlotId!.Value, slot.Id, MoveReason.Reallocated));
        // Stryker disable once Statement : equivalent; the target had room, so nobody waits (invariant 3) to fill
        // the seat freed here. Kept so every rule that frees a seat fills it, as the rules promise.
        editor.FillFreeSeats();
        return new Decision<Token>(editor.Build(), editor.Find(moved.Id)!);
    }
}
