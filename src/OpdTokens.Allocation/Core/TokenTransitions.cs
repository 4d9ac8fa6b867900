namespace OpdTokens.Allocation.Core;

/// <summary>Status moves of a token: check in, start consultation, complete, cancel and no-show; freed seats go to
/// the highest-ranked waitlisted token.</summary>
internal static class TokenTransitions
{
    public static bool CanCancel(TokenStatus status) =>
        status is TokenStatus.Waitlisted or TokenStatus.Allocated or TokenStatus.CheckedIn;

    public static Decision<StatusChangeResult> ChangeStatus(DayEditor editor, ChangeTokenStatus command)
    {
        if (command.Reason is not null)
        {
            var errors = new List<FieldError>();
            InputRules.CheckReason(command.Reason, errors);
            if (errors.Count > 0)
            {
                return AllocationError.Validation([.. errors]);
            }
        }

        if (editor.Find(command.TokenId) is not { } token)
        {
            return AllocationError.NotFound($"Token {command.TokenId} does not exist.");
        }

        var from = token.Status;
        var to = command.Status;
        var allowed = to switch
        {
            TokenStatus.CheckedIn => from == TokenStatus.Allocated,
            TokenStatus.Consulting => from == TokenStatus.CheckedIn,
            TokenStatus.Completed => from == TokenStatus.Consulting,
            TokenStatus.Cancelled => CanCancel(from),
            TokenStatus.NoShow => from == TokenStatus.Allocated,
            _ => false,
        };
        if (!allowed)
        {
            return AllocationError.InvalidTransition(token.Id, from, to);
        }

        var now = editor.Now;
        Token changed;
        switch (to)
        {
            case TokenStatus.CheckedIn:
                changed = editor.Put(token with { Status = to, CheckedInAt = now });
                break;
            case TokenStatus.Consulting:
                changed = editor.Put(token with { Status = to, ConsultationStartedAt = now });
                break;
            case TokenStatus.Completed:
                changed = editor.Put(token with { Status = to, CompletedAt = now });
                break;
            case TokenStatus.Cancelled:
                changed = CancelIn(editor, token, command.Reason);
                break;
            default:
                changed = editor.Put(token with { Status = TokenStatus.NoShow, NoShowAt = now });
                editor.Emit(new TokenMarkedNoShow(editor.Stamp, token.Id, token.SlotId!.Value));
                break;
        }

        if (to is TokenStatus.CheckedIn or TokenStatus.Consulting or TokenStatus.Completed)
        {
            editor.Emit(new TokenStatusChanged(editor.Stamp, token.Id, from, to));
        }

        // At most one token is promoted, into the freed seat: while tokens wait, no other open slot has room
        // (invariant 3), and only one seat was freed.
        var promoted = editor.FillFreeSeats();
        return new Decision<StatusChangeResult>(
            editor.Build(),
            new StatusChangeResult(changed, promoted.IsEmpty ? null : promoted[0])
        );
    }

    /// <summary>Cancels a token inside a larger change; the caller fills freed seats.</summary>
    public static Token CancelIn(DayEditor editor, Token token, string? reason)
    {
        var cancelled = editor.Put(
            token with
            {
                Status = TokenStatus.Cancelled,
                CancelledAt = editor.Now,
                CancellationReason = reason,
            }
        );
        // A cancellable token holds a seat, or waits on the waitlist without a slot.
        editor.Emit(new TokenCancelled(editor.Stamp, token.Id, token.Status, token.SlotId));
        return cancelled;
    }
}
