using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation.Core;

/// <summary>The allocation rule of design section 5: preferred slot, single-move bump, emergency overflow, first
/// slot with room, waitlist or rejection; with the fairness guards (idempotency keys, one active token per patient,
/// bump limit, daily overflow cap).</summary>
internal static class TokenAllocator
{
    public static Decision<AllocationResult> Allocate(DayEditor editor, Doctor doctor, AllocateToken command)
    {
        var day = editor.Day;
        var context = editor.Context;
        if (ValidateFields(day, command) is { } invalid)
        {
            return invalid;
        }

        // A replay answers with the original outcome even when the doctor, the day or the slot has moved on since.
        string? fingerprint = null;
        if (command.IdempotencyKey is { } key)
        {
            fingerprint = RequestFingerprint.Of(command, day.Key);
            if (day.FindRecord(key) is { } record)
            {
                return Replay(day, record, fingerprint);
            }
        }

        if (ValidateState(day, doctor, command, context, out var preferred) is { } unavailable)
        {
            return unavailable;
        }

        var isEmergency = command.Source == TokenSource.Emergency;
        Token? replaced = null;
        if (command.Patient.PatientId is { } patientId && day.FindActiveToken(patientId) is { } existing)
        {
            // Emergencies are exempt: the earlier booking is cancelled in the same command.
            if (!isEmergency || !TokenTransitions.CanCancel(existing.Status))
            {
                return new AllocationError(
                    AllocationErrorCode.DuplicatePatient,
                    $"The patient already holds token {existing.Id} for this doctor-day."
                )
                {
                    ExistingTokenId = existing.Id,
                };
            }

            replaced = TokenTransitions.CancelIn(editor, existing, "Replaced by an emergency token.");
        }

        var firstCandidate = preferred ?? editor.FirstOpen();
        var target = isEmergency ? firstCandidate : preferred;
        var id = new TokenId(editor.Key, editor.NextSequence);
        var score = context.Policy.Score(ScoreRequest(editor, command, firstCandidate));

        // The token is built in the state it is placed in, so a command copies it as little as possible.
        Token? placed = null;
        Token? bumped = null;
        var outcome = AllocationOutcome.Allocated;
        if (target is not null)
        {
            if (editor.HasRoom(target))
            {
                placed = editor.Put(NewToken(id, score, command, context, target));
            }
            else
            {
                (placed, bumped, outcome) = PlaceInFullTarget(
                    editor,
                    target,
                    NewToken(id, score, command, context, target)
                );
            }
        }

        if (placed is null)
        {
            // Preferred slot and later ones first; an earlier slot with room beats waiting, because the waitlist
            // may never wait beside a free seat (invariant 3).
            var slot = (preferred is null ? null : editor.FirstLaterWithRoom(preferred)) ?? editor.FirstWithRoom();
            if (slot is not null)
            {
                placed = editor.Put(NewToken(id, score, command, context, slot));
                outcome = AllocationOutcome.Allocated;
            }
        }

        if (placed is null)
        {
            if (!command.WaitlistIfFull)
            {
                return new AllocationError(AllocationErrorCode.SlotFull, "No slot of this doctor-day has a free seat.");
            }

            placed = editor.Put(NewToken(id, score, command, context, seat: null));
            outcome = AllocationOutcome.Waitlisted;
            editor.Emit(new TokenWaitlisted(editor.Stamp, placed.Id, placed.Source));
        }
        else
        {
            editor.Emit(new TokenAllocated(editor.Stamp, placed.Id, placed.SlotId!.Value, placed.Source, outcome));
        }

        if (command.IdempotencyKey is { } newKey)
        {
            editor.Remember(new IdempotencyRecord(newKey, fingerprint!, placed.Id, outcome, bumped?.Id));
        }

        editor.FillFreeSeats();
        var result = new AllocationResult(
            editor.Find(placed.Id)!,
            outcome,
            bumped is null ? null : editor.Find(bumped.Id),
            []
        )
        {
            ReplacedToken = replaced,
        };
        return new Decision<AllocationResult>(editor.Build(), result);
    }

    /// <summary>A new token: seated in a slot (allocated there now, as step 4 or 7 places it) or waitlisted.</summary>
    private static Token NewToken(TokenId id, int score, AllocateToken command, in RuleContext context, Slot? seat) =>
        new(context.Formatter)
        {
            Id = id,
            SlotId = seat?.Id,
            Patient = command.Patient,
            Source = command.Source,
            Status = seat is null ? TokenStatus.Waitlisted : TokenStatus.Allocated,
            PriorityScore = score,
            CreatedAt = context.Now,
            AllocatedAt = seat is null ? null : context.Now,
        };

    /// <summary>Steps 5 and 6, for a target without room: a single-move bump, else (emergencies) overflow or a bump
    /// into the waitlist.</summary>
    /// <param name="editor">The day being changed.</param>
    /// <param name="target">The full target slot.</param>
    /// <param name="newcomer">The new token as it is once seated in the target.</param>
    private static Placement PlaceInFullTarget(DayEditor editor, Slot target, Token newcomer)
    {
        var victim = LowestBumpable(editor, target, newcomer);
        if (victim is not null && editor.FirstLaterWithRoom(target) is { } later)
        {
            var moved = editor.Bump(victim, later);
            editor.Emit(new TokenBumped(editor.Stamp, victim.Id, target.Id, later.Id, newcomer.Id));
            return new(editor.Put(newcomer), moved, AllocationOutcome.BumpedOther);
        }

        if (!newcomer.IsEmergency)
        {
            return new(null, null, AllocationOutcome.Allocated);
        }

        if (CanOverflow(editor, target))
        {
            var placed = editor.Put(newcomer with { IsOverflow = true });
            editor.Emit(
                new EmergencyOverflowed(
                    editor.Stamp,
                    placed.Id,
                    target.Id,
                    editor.Book(target).Occupancy,
                    target.MaxCapacity
                )
            );
            return new(placed, null, AllocationOutcome.Overflow);
        }

        if (victim is not null)
        {
            // A confirmed patient loses a seat only once the overflow allowance is used up.
            var waiting = editor.Bump(victim, null);
            editor.Emit(new TokenBumped(editor.Stamp, victim.Id, target.Id, null, newcomer.Id));
            return new(editor.Put(newcomer), waiting, AllocationOutcome.BumpedOther);
        }

        return new(null, null, AllocationOutcome.Allocated);
    }

    /// <summary>The lowest-ranked token of the slot that may be bumped by the newcomer: allocated (not checked in or
    /// further), not an emergency, under the bump limit, and ranked strictly below the newcomer.</summary>
    internal static Token? LowestBumpable(DayEditor editor, Slot slot, Token newcomer)
    {
        var maxBumps = editor.Context.Rules.MaxBumpsPerToken;
        var queue = editor.Book(slot).Queue;

        // From the lowest rank up.
        for (var i = queue.Count - 1; i >= 0; i--)
        {
            var token = editor.Find(queue[i])!;

            // Stryker disable once Equality : equivalent; distinct tokens never rank equal, sequences break ties.
            if (RankComparer.Instance.Compare(token, newcomer) <= 0)
            {
                // Every token from here on ranks at or above the newcomer.
                return null;
            }

            if (token.Status == TokenStatus.Allocated && !token.IsEmergency && token.BumpCount < maxBumps)
            {
                return token;
            }
        }

        return null;
    }

    private static bool CanOverflow(DayEditor editor, Slot target)
    {
        var rules = editor.Context.Rules;
        return editor.IsOpen(target)
            && editor.Book(target).Occupancy < target.MaxCapacity + rules.EmergencyOverflowPerSlot
            && (rules.EmergencyOverflowPerDay is not { } perDay || editor.OverflowsToday() < perDay);
    }

    /// <summary>What the policy sees: the request's source, lead time and the slot's load, and the patient with the
    /// day, so a policy can read age and attributes without a clock.</summary>
    private static PriorityRequest ScoreRequest(DayEditor editor, AllocateToken command, Slot? considered) =>
        (
            considered is null
                ? new PriorityRequest(command.Source, null, 0, 0)
                : new PriorityRequest(
                    command.Source,
                    considered.StartsAt - editor.Now,
                    editor.Book(considered).Occupancy,
                    considered.MaxCapacity
                )
        ) with
        {
            Patient = command.Patient,
            Date = editor.Key.Date,
        };

    private static Decision<AllocationResult> Replay(DayState day, IdempotencyRecord record, string fingerprint)
    {
        if (!string.Equals(record.RequestFingerprint, fingerprint, StringComparison.Ordinal))
        {
            return new AllocationError(
                AllocationErrorCode.IdempotencyKeyReused,
                "The idempotency key was already used for a different request this doctor-day."
            );
        }

        var token = day.Find(record.TokenId)!;
        var bumped = record.BumpedTokenId is { } bumpedId ? day.Find(bumpedId) : null;
        return new Decision<AllocationResult>(
            null,
            new AllocationResult(token, record.Outcome, bumped, [], IsReplay: true)
        );
    }

    /// <summary>Step 1, the request's own fields: checked before a replay so a malformed repeat is never
    /// answered.</summary>
    private static AllocationError? ValidateFields(DayState day, AllocateToken command)
    {
        var errors = FieldErrorBuffer.Rent();
        InputRules.CheckPatient(command.Patient, errors);
        PatientRules.CheckDetails(command.Patient, day.Key.Date, errors);
        if (command.IdempotencyKey is not null && !InputRules.IsValidKey(command.IdempotencyKey))
        {
            errors.Add(
                new FieldError("idempotencyKey", "The idempotency key must be 1 to 64 printable ASCII characters.")
            );
        }

        // Named one by one: Enum.IsDefined is generic, compiled at run time for this enum even in a precompiled library.
        if (
            command.Source
            is not (
                TokenSource.Emergency
                or TokenSource.Paid
                or TokenSource.FollowUp
                or TokenSource.Online
                or TokenSource.WalkIn
            )
        )
        {
            errors.Add(new FieldError("source", "The source is not one of the known sources."));
        }

        if (command.PreferredSlotId is { } slotId && slotId.Partition != day.Key)
        {
            errors.Add(new FieldError("slotId", "The slot belongs to another doctor or day than the request."));
        }

        return errors.Count > 0 ? AllocationError.Validation([.. errors]) : null;
    }

    /// <summary>Step 1, what the request meets now: an active doctor, a day not past, an open preferred slot.</summary>
    private static AllocationError? ValidateState(
        DayState day,
        Doctor doctor,
        AllocateToken command,
        in RuleContext context,
        out Slot? preferred
    )
    {
        preferred = null;
        if (!doctor.IsActive)
        {
            return new AllocationError(
                AllocationErrorCode.DoctorUnavailable,
                $"Doctor {doctor.Id} is not taking tokens."
            );
        }

        if (context.Rules.CheckBookable(day.Key.Date, context.Today) is { } unbookable)
        {
            return unbookable;
        }

        if (command.PreferredSlotId is { } id)
        {
            preferred = day.FindSlot(id)?.Slot;
            if (preferred is null)
            {
                return AllocationError.NotFound($"Slot {id} does not exist.");
            }

            if (!preferred.IsActive || preferred.HasEnded(context.Now))
            {
                return new AllocationError(AllocationErrorCode.SlotUnavailable, $"Slot {id} is closed or has ended.");
            }
        }

        return null;
    }

    /// <summary>What a full target slot did with a newcomer: seated it (and whom it moved) or not.</summary>
    /// <remarks>A struct of this library rather than a tuple: the framework's tuple code would be compiled at run time
    /// even in a precompiled library.</remarks>
    private readonly record struct Placement(Token? Placed, Token? Bumped, AllocationOutcome Outcome);
}
