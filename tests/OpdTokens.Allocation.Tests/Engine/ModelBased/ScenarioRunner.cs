using System.Collections.Immutable;
using OpdTokens.Allocation.Diagnostics;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine.ModelBased;

/// <summary>Runs a scenario against a real engine on a manual clock and a store that can be told to fail. Before each
/// step it predicts the outcome from the state it can see (a small reference model of the rules of design section
/// 5); after each step it checks the prediction, the invariants of design section 6 and of the fairness issue, and
/// how the state may change over time. At the end the engine's counters must add up to the final state.</summary>
internal sealed class ScenarioRunner : IDisposable
{
    private static readonly DateOnly FirstDay = DateOnly.FromDateTime(Hospital.Opening.DateTime);

    private readonly ScenarioSettings _settings;
    private readonly OpdTokenAllocationOptions _options = new();
    private readonly ManualTimeProvider _clock = new(Hospital.Opening);
    private readonly FaultyStateStore _store = new(new InMemoryStateStore());
    private readonly AllocationEngine _engine;
    private readonly IPriorityPolicy _policy;
    private readonly EventRecorder _events = new();
    private readonly MetricsRecorder _metrics;
    private readonly List<Doctor> _doctors = [];
    private readonly List<TokenId> _tokens = [];
    private readonly List<(AllocateToken Command, AllocationResult Result)> _keyed = [];
    private readonly Dictionary<(PartitionKey Day, string Key), AllocateToken> _keys = [];
    private readonly Dictionary<AllocationOutcome, int> _outcomes = [];
    private int _rejections;
    private int _promotions;
    private bool _failNextCommit;

    private ScenarioRunner(ScenarioSettings settings)
    {
        _settings = settings;
        settings.ApplyTo(_options);
        _engine = new AllocationEngine(_options, _store, timeProvider: _clock);
        _policy = AllocationEngine.CreatePolicy(_options);
        _metrics = new MetricsRecorder(_engine.Meter);
        _engine.Subscribe(_events);
        for (var i = 0; i < settings.Doctors; i++)
        {
            _doctors.Add(
                Sync(_engine.RegisterDoctorAsync(new RegisterDoctor($"Dr {i}", "Cardiology"))).GetValueOrThrow()
            );
        }
    }

    /// <summary>Runs every step and the final checks; a failure names the step.</summary>
    /// <returns>Every token at the end.</returns>
    public static IReadOnlyList<Token> Run(Scenario scenario)
    {
        using var runner = new ScenarioRunner(scenario.Settings);
        for (var i = 0; i < scenario.Steps.Length; i++)
        {
            try
            {
                runner.Execute(scenario.Steps[i]);
            }
            catch (Exception e) when (e is not StepFailedException)
            {
                throw new StepFailedException($"Step {i + 1}, {scenario.Steps[i]}, failed: {e.Message}", e);
            }
        }

        return runner.CheckCounters();
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _engine.Dispose();
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    private void Execute(ScenarioStep step)
    {
        switch (step)
        {
            case FailNextCommitStep:
                _failNextCommit = true;
                return;
            case AdvanceStep advance:
                _clock.Advance(TimeSpan.FromMinutes(advance.Minutes));
                CheckInvariants(Snapshot());
                return;
        }

        var armed = _failNextCommit;
        _failNextCommit = false;
        var before = Snapshot();
        if (armed)
        {
            _store.FailNextCommit();
        }

        Outcome outcome;
        try
        {
            outcome = Apply(step, before);
        }
        catch (InjectedStoreFailureException) when (armed)
        {
            // Invariant 8: a commit that throws leaves the engine's visible state exactly as it was.
            AssertUnchanged(before, Snapshot(), _events.Take(), "after a failed commit");
            return;
        }
        finally
        {
            _store.Disarm();
        }

        var after = Snapshot();
        var batches = _events.Take();
        if (outcome.Error is { } error)
        {
            Check(
                outcome.Expected == error.Code,
                $"expected {Describe(outcome.Expected)}, got {error.Code}: {error.Message}"
            );
            AssertUnchanged(before, after, batches, "after a failed command");
        }
        else
        {
            Check(outcome.Expected is null, $"expected {Describe(outcome.Expected)}, but the command succeeded");
            CheckChange(before, after, batches);
            outcome.Verify?.Invoke(after);
        }

        CheckInvariants(after);
    }

    private Outcome Apply(ScenarioStep step, World before) =>
        step switch
        {
            AddSlotStep s => AddSlot(s, before),
            AllocateStep a => Allocate(a, before),
            ReplayStep r => Replay(r, before),
            ChangeStatusStep c => ChangeStatus(c, before),
            ReallocateStep r => Reallocate(r, before),
            DelayStep d => Delay(d, before),
            CloseStep c => Close(c, before),
            ResizeStep r => Resize(r, before),
            ToggleDoctorStep t => ToggleDoctor(t, before),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step."),
        };

    private Outcome AddSlot(AddSlotStep step, World before)
    {
        var doctor = DoctorOf(step.Doctor);
        var key = new PartitionKey(doctor.Id, FirstDay.AddDays(step.Day));
        var day = before.Day(key);
        var startsAt = Instant(key.Date, step.Start);
        var endsAt = Instant(key.Date, step.End);
        AllocationErrorCode? expected =
            !IsActive(doctor) ? AllocationErrorCode.DoctorUnavailable
            : endsAt <= Now || day.Slots.Any(s => s.StartsAt < endsAt && startsAt < s.EndsAt)
                ? AllocationErrorCode.ValidationFailed
            : null;
        var result = Sync(_engine.AddSlotAsync(new AddSlot(doctor.Id, key.Date, step.Start, step.End, step.Capacity)));
        return new Outcome(
            expected,
            result.Error,
            after =>
            {
                var slot = result.Value!.Slot;
                Check(slot.Id == new SlotId(key, day.Slots.Length + 1), $"new slot got id {slot.Id}");
                Check(after.Day(key).FindSlot(slot.Id) == slot, "the new slot is not in the day");
            }
        );
    }

    private Outcome Allocate(AllocateStep step, World before)
    {
        var doctor = DoctorOf(step.Doctor);
        var key = new PartitionKey(doctor.Id, FirstDay.AddDays(step.Day));
        var day = before.Day(key);
        var patient = new Patient(
            step.Flaw == Flaw.EmptyName
                ? ""
                : $"Patient {step.Patient?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "anonymous"}",
            step.Flaw == Flaw.BadPhone ? "12"
                : step.Patient is { } p && p % 2 == 0 ? "+91 98765 43210"
                : null,
            step.Patient is { } id ? $"MRN-{id}" : null
        );
        var command = new AllocateToken(doctor.Id, patient, step.Source)
        {
            Date = key.Date,
            PreferredSlotId = step.Slot is { } slot ? SlotOf(day, slot) : null,
            WaitlistIfFull = step.WaitlistIfFull,
            IdempotencyKey =
                step.Flaw == Flaw.BadKey ? "k\u00e9"
                : step.Key is { } k ? $"k{k}"
                : null,
        };
        if (step.Flaw != Flaw.None)
        {
            return Send(command, AllocationErrorCode.ValidationFailed, null);
        }

        if (command.IdempotencyKey is { } used && _keys.TryGetValue((key, used), out var original))
        {
            var same =
                original.Patient == command.Patient
                && original.Source == command.Source
                && original.PreferredSlotId == command.PreferredSlotId
                && original.WaitlistIfFull == command.WaitlistIfFull;
            return same
                ? Replay(command, _keyed.Single(k => k.Command == original).Result, before)
                : Send(command, AllocationErrorCode.IdempotencyKeyReused, null);
        }

        var preferred = command.PreferredSlotId is { } preferredId ? day.FindSlot(preferredId) : null;
        AllocationErrorCode? refused =
            !IsActive(doctor) ? AllocationErrorCode.DoctorUnavailable
            : key.Date < DateOnly.FromDateTime(Now.UtcDateTime) ? AllocationErrorCode.ValidationFailed
            : command.PreferredSlotId is not null && preferred is null ? AllocationErrorCode.NotFound
            : preferred is not null && (!preferred.IsActive || preferred.HasEnded(Now))
                ? AllocationErrorCode.SlotUnavailable
            : null;
        if (refused is not null)
        {
            return Send(command, refused, null);
        }

        var isEmergency = step.Source == TokenSource.Emergency;
        Token? replaced = null;
        if (patient.PatientId is { } patientId && day.FindActiveToken(patientId) is { } existing)
        {
            if (
                !isEmergency
                || existing.Status is not (TokenStatus.Waitlisted or TokenStatus.Allocated or TokenStatus.CheckedIn)
            )
            {
                var duplicate = Send(command, AllocationErrorCode.DuplicatePatient, null);
                Check(
                    duplicate.Error?.ExistingTokenId == existing.Id,
                    "the duplicate error does not name the existing token"
                );
                return duplicate;
            }

            replaced = existing;
        }

        var prediction = Predict(day, command, preferred, replaced);
        if (prediction.Outcome is null)
        {
            return Send(command, AllocationErrorCode.SlotFull, null);
        }

        return Send(
            command,
            null,
            (result, after) =>
            {
                var token = result.Token;
                Check(!result.IsReplay, "a fresh request was answered as a replay");
                Check(token.Id == new TokenId(key, day.NextSequence), $"the new token got id {token.Id}");
                Check(result.Outcome == prediction.Outcome, $"predicted {prediction.Outcome}, got {result.Outcome}");
                Check(token.SlotId == prediction.Slot, $"predicted slot {prediction.Slot}, got {token.SlotId}");
                Check(
                    token.PriorityScore == prediction.Score,
                    $"predicted score {prediction.Score}, got {token.PriorityScore}"
                );
                Check(
                    token.IsOverflow == (result.Outcome == AllocationOutcome.Overflow),
                    "overflow flag and outcome disagree"
                );
                Check(
                    result.BumpedToken?.Id == prediction.Bumped,
                    $"predicted bump of {prediction.Bumped}, got {result.BumpedToken?.Id}"
                );
                if (prediction.BumpedTo is { } later)
                {
                    Check(
                        result.BumpedToken!.SlotId == later,
                        $"the bumped token went to {result.BumpedToken.SlotId}, not {later}"
                    );
                }

                if (replaced is not null)
                {
                    var cancelled = after.Day(key).FindToken(replaced.Id)!;
                    Check(
                        cancelled.Status == TokenStatus.Cancelled && cancelled.CancellationReason is { Length: > 0 },
                        "the replaced booking was not cancelled with a reason"
                    );
                }
            }
        );

        Outcome Send(AllocateToken request, AllocationErrorCode? expected, Action<AllocationResult, World>? verify)
        {
            var result = Sync(_engine.AllocateAsync(request));
            if (result.Error?.Code == AllocationErrorCode.SlotFull)
            {
                _rejections++;
            }

            if (result.IsSuccess)
            {
                _tokens.Add(result.Value.Token.Id);
                _outcomes[result.Value.Outcome] = _outcomes.GetValueOrDefault(result.Value.Outcome) + 1;
                if (request.IdempotencyKey is { } newKey)
                {
                    _keys[(key, newKey)] = request;
                    _keyed.Add((request, result.Value));
                }
            }

            return new Outcome(expected, result.Error, after => verify?.Invoke(result.Value!, after));
        }
    }

    private Outcome Replay(ReplayStep step, World before)
    {
        if (_keyed.Count == 0)
        {
            return new Outcome(null, null, null);
        }

        var (command, original) = _keyed[step.Nth % _keyed.Count];
        return Replay(command, original, before);
    }

    /// <summary>A repeat of a used key and body: the original answer, and nothing changes.</summary>
    private Outcome Replay(AllocateToken command, AllocationResult original, World before)
    {
        var result = Sync(_engine.AllocateAsync(command));
        return new Outcome(
            null,
            result.Error,
            after =>
            {
                var replay = result.Value!;
                Check(replay.IsReplay, "a repeated key was not answered as a replay");
                Check(
                    replay.Token.Id == original.Token.Id && replay.Outcome == original.Outcome,
                    "the replay answered differently"
                );
                Check(replay.BumpedToken?.Id == original.BumpedToken?.Id, "the replay names another bumped token");
                AssertUnchanged(before, after, [], "after a replay");
            }
        );
    }

    /// <summary>The reference model of allocation steps 2 to 8.</summary>
    private Prediction Predict(DoctorDay day, AllocateToken command, Slot? preferred, Token? replaced)
    {
        var occupancy = day.Slots.ToDictionary(s => s.Id, s => day.GetOccupancy(s.Id));
        var queues = day.Slots.ToDictionary(s => s.Id, s => day.GetQueue(s.Id).ToList());
        if (replaced is { HoldsSeat: true, SlotId: { } freed })
        {
            occupancy[freed]--;
            queues[freed].RemoveAll(t => t.Id == replaced.Id);
        }

        var now = Now;
        bool Open(Slot s) => s.IsActive && now < s.EndsAt;
        bool Room(Slot s) => Open(s) && occupancy[s.Id] < s.MaxCapacity;
        var isEmergency = command.Source == TokenSource.Emergency;
        var firstOpen = day.Slots.FirstOrDefault(Open);
        var considered = preferred ?? firstOpen;
        var score = _policy.Score(
            considered is null
                ? new PriorityRequest(command.Source, null, 0, 0)
                : new PriorityRequest(
                    command.Source,
                    considered.StartsAt - now,
                    occupancy[considered.Id],
                    considered.MaxCapacity
                )
        );
        var target = preferred ?? (isEmergency ? firstOpen : null);
        if (target is not null)
        {
            if (Room(target))
            {
                return new Prediction(AllocationOutcome.Allocated, target.Id, score, null, null);
            }

            Token? victim = null;
            var queue = queues[target.Id];
            for (var i = queue.Count - 1; i >= 0 && queue[i].PriorityScore < score; i--)
            {
                if (
                    queue[i] is { Status: TokenStatus.Allocated, IsEmergency: false } t
                    && t.BumpCount < _settings.MaxBumps
                )
                {
                    victim = t;
                    break;
                }
            }

            var later = day.Slots.FirstOrDefault(s => s.StartsAt > target.StartsAt && Room(s));
            if (victim is not null && later is not null)
            {
                return new Prediction(AllocationOutcome.BumpedOther, target.Id, score, victim.Id, later.Id);
            }

            if (isEmergency)
            {
                var overflows = day.Tokens.Count(t => t.IsOverflow);
                if (
                    Open(target)
                    && occupancy[target.Id] < target.MaxCapacity + _settings.OverflowPerSlot
                    && (_settings.OverflowPerDay is not { } perDay || overflows < perDay)
                )
                {
                    return new Prediction(AllocationOutcome.Overflow, target.Id, score, null, null);
                }

                if (victim is not null)
                {
                    return new Prediction(AllocationOutcome.BumpedOther, target.Id, score, victim.Id, null);
                }
            }
        }

        var slot =
            day.Slots.FirstOrDefault(s => Room(s) && (preferred is null || s.StartsAt >= preferred.StartsAt))
            ?? day.Slots.FirstOrDefault(Room);
        return slot is not null ? new Prediction(AllocationOutcome.Allocated, slot.Id, score, null, null)
            : command.WaitlistIfFull ? new Prediction(AllocationOutcome.Waitlisted, null, score, null, null)
            : new Prediction(null, null, score, null, null);
    }

    private Outcome ChangeStatus(ChangeStatusStep step, World before)
    {
        var id = TokenOf(step.Token);
        var token = before.Day(id.Partition).FindToken(id);
        var allowed = (token?.Status, step.Status) switch
        {
            (TokenStatus.Allocated, TokenStatus.CheckedIn) => true,
            (TokenStatus.CheckedIn, TokenStatus.Consulting) => true,
            (TokenStatus.Consulting, TokenStatus.Completed) => true,
            (TokenStatus.Waitlisted or TokenStatus.Allocated or TokenStatus.CheckedIn, TokenStatus.Cancelled) => true,
            (TokenStatus.Allocated, TokenStatus.NoShow) => true,
            _ => false,
        };
        AllocationErrorCode? expected =
            token is null ? AllocationErrorCode.NotFound
            : allowed ? null
            : AllocationErrorCode.InvalidTransition;
        var result = Sync(_engine.ChangeStatusAsync(new ChangeTokenStatus(id, step.Status) { Reason = "model" }));
        return new Outcome(
            expected,
            result.Error,
            after =>
            {
                var changed = result.Value!;
                Check(changed.Token.Status == step.Status, $"the token is {changed.Token.Status}, not {step.Status}");
                var day = before.Day(id.Partition);
                var freesSeat = step.Status is TokenStatus.Cancelled or TokenStatus.NoShow && token!.HoldsSeat;
                var freedSlot = freesSeat ? day.FindSlot(token!.SlotId!.Value) : null;
                // An overflowed slot may still be full after losing one seat-holder.
                var expectedPromotion =
                    freedSlot is { IsActive: true }
                    && !freedSlot.HasEnded(Now)
                    && day.GetOccupancy(freedSlot.Id) - 1 < freedSlot.MaxCapacity
                    && day.Waitlist.Count > 0
                        ? day.Waitlist.First!.Id
                        : (TokenId?)null;
                Check(
                    changed.PromotedToken?.Id == expectedPromotion,
                    $"promoted {changed.PromotedToken?.Id}, expected {expectedPromotion}"
                );
                Check(
                    changed.PromotedToken is null || changed.PromotedToken.SlotId == freedSlot!.Id,
                    "the promoted token is not in the freed slot"
                );
            }
        );
    }

    private Outcome Reallocate(ReallocateStep step, World before)
    {
        var id = TokenOf(step.Token);
        var day = before.Day(id.Partition);
        var token = day.FindToken(id);
        var slotId = SlotOf(day, step.Slot);
        var slot = day.FindSlot(slotId);
        AllocationErrorCode? expected =
            token is null ? AllocationErrorCode.NotFound
            : !token.Status.IsWaitingInSlot() ? AllocationErrorCode.InvalidTransition
            : slot is null ? AllocationErrorCode.NotFound
            : token.SlotId == slot.Id ? AllocationErrorCode.ValidationFailed
            : !slot.IsActive || slot.HasEnded(Now) ? AllocationErrorCode.SlotUnavailable
            : day.GetOccupancy(slot.Id) >= slot.MaxCapacity ? AllocationErrorCode.SlotFull
            : null;
        var result = Sync(_engine.ReallocateAsync(new ReallocateToken(id, slotId) { Reason = "model" }));
        return new Outcome(
            expected,
            result.Error,
            _ =>
                Check(
                    result.Value!.SlotId == slotId && result.Value.Status == token!.Status,
                    "the reallocated token is not in the target slot with its status"
                )
        );
    }

    private Outcome Delay(DelayStep step, World before)
    {
        var doctor = DoctorOf(step.Doctor);
        var key = new PartitionKey(doctor.Id, FirstDay.AddDays(step.Day));
        var delay = TimeSpan.FromMinutes(step.Minutes);
        var result = Sync(_engine.ReportDelayAsync(new ReportDelay(doctor.Id, key.Date, delay)));
        return new Outcome(
            step.Minutes > 720 || key.Date < DateOnly.FromDateTime(Now.UtcDateTime)
                ? AllocationErrorCode.ValidationFailed
                : null,
            result.Error,
            after =>
            {
                var day = after.Day(key);
                Check(day.Delay == delay, $"the delay is {day.Delay}, not {delay}");
                foreach (var moved in result.Value!.MovedTokens)
                {
                    var from = before.Day(key).FindSlot(before.Day(key).FindToken(moved.Id)!.SlotId!.Value)!;
                    Check(
                        day.FindSlot(moved.SlotId!.Value)!.StartsAt > from.StartsAt,
                        $"{moved.Id} did not move to a later slot"
                    );
                }
            }
        );
    }

    private Outcome Close(CloseStep step, World before)
    {
        var key = new PartitionKey(DoctorOf(step.Doctor).Id, FirstDay.AddDays(step.Day));
        var day = before.Day(key);
        var slotId = SlotOf(day, step.Slot);
        var result = Sync(_engine.CloseSlotAsync(new CloseSlot(slotId)));
        return new Outcome(
            day.FindSlot(slotId) is null ? AllocationErrorCode.NotFound : null,
            result.Error,
            after =>
            {
                var closed = after.Day(key);
                Check(!closed.FindSlot(slotId)!.IsActive, "the slot is still active");
                Check(closed.GetQueue(slotId).Count == 0, "tokens still wait in the closed slot");
            }
        );
    }

    private Outcome Resize(ResizeStep step, World before)
    {
        var key = new PartitionKey(DoctorOf(step.Doctor).Id, FirstDay.AddDays(step.Day));
        var day = before.Day(key);
        var slotId = SlotOf(day, step.Slot);
        AllocationErrorCode? expected =
            step.Capacity < 1 ? AllocationErrorCode.ValidationFailed
            : day.FindSlot(slotId) is null ? AllocationErrorCode.NotFound
            : step.Capacity < day.GetOccupancy(slotId) ? AllocationErrorCode.CapacityBelowOccupancy
            : null;
        var result = Sync(_engine.ResizeSlotAsync(new ResizeSlot(slotId, step.Capacity)));
        return new Outcome(
            expected,
            result.Error,
            after => Check(after.Day(key).FindSlot(slotId)!.MaxCapacity == step.Capacity, "the capacity did not change")
        );
    }

    private Outcome ToggleDoctor(ToggleDoctorStep step, World before)
    {
        var doctor = DoctorOf(step.Doctor);
        var result = Sync(
            _engine.UpdateDoctorAsync(new UpdateDoctor(doctor.Id, doctor.Name, doctor.Specialty, !IsActive(doctor)))
        );
        return new Outcome(null, result.Error, after => AssertUnchanged(before, after, [], "after a registry change"));
    }

    /// <summary>How a successful command may change the state: one doctor-day, one version, one batch of events;
    /// tokens never disappear, terminal tokens never change, new tokens get the next sequence, bumps follow rule
    /// 4 and the bump limit.</summary>
    private void CheckChange(World before, World after, IReadOnlyList<ImmutableArray<AllocationEvent>> batches)
    {
        Check(before.Days.Keys.All(after.Days.ContainsKey), "a doctor-day disappeared");
        var changed = after
            .Days.Where(p => !before.Days.TryGetValue(p.Key, out var old) || !ReferenceEquals(old, p.Value))
            .ToList();
        Check(changed.Count <= 1, $"{changed.Count} doctor-days changed in one command");
        if (changed.Count == 0)
        {
            Check(batches.Count == 0, "events without a change");
            return;
        }

        var (key, now) = (changed[0].Key, changed[0].Value);
        var old = before.Day(key);
        Check(now.Version == old.Version + 1, $"version went from {old.Version} to {now.Version}");
        var events = Assert.Single(batches);
        Check(
            events.All(e => e.Partition == key && e.Version == now.Version),
            "events carry another partition or version"
        );
        Check(
            events.OfType<TokenAllocated>().Count() + events.OfType<TokenWaitlisted>().Count()
                == now.Tokens.Count - old.Tokens.Count,
            "token creation and events disagree"
        );
        _promotions += events.OfType<TokenPromoted>().Count();

        foreach (var oldToken in old.Tokens)
        {
            var sequence = oldToken.Sequence;
            Check(now.Tokens.TryGetValue(sequence, out var newToken), $"token {oldToken.Id} disappeared");
            if (oldToken.Status.IsTerminal())
            {
                Check(oldToken == newToken, $"terminal token {oldToken.Id} changed");
            }

            var bumps = newToken!.BumpCount - oldToken.BumpCount;
            Check(
                bumps == 0 || (bumps == 1 && events.OfType<TokenBumped>().Any(b => b.TokenId == oldToken.Id)),
                $"{oldToken.Id} bump count moved by {bumps}"
            );
        }

        var created = now.Tokens.Where(t => !old.Tokens.Contains(t.Sequence)).ToList();
        Check(created.Count <= 1, $"{created.Count} tokens created by one command");
        Check(created.All(t => t.Sequence >= old.NextSequence), "a new token reuses an old sequence number");
        var bumpEvents = events.OfType<TokenBumped>().ToList();
        Check(bumpEvents.Count <= 1, $"{bumpEvents.Count} bumps in one request");
        foreach (var bump in bumpEvents)
        {
            var victim = old.FindToken(bump.TokenId)!;
            var newcomer = Assert.Single(created);
            Check(bump.ByTokenId == newcomer.Id, "the bump names another newcomer");
            Check(
                victim is { Status: TokenStatus.Allocated, IsEmergency: false },
                $"bumped {victim.Id} was {victim.Status}, emergency {victim.IsEmergency}"
            );
            Check(victim.BumpCount < _settings.MaxBumps, $"bumped {victim.Id} was already at the bump limit");
            Check(
                RankComparer.Instance.Compare(victim, newcomer) > 0,
                $"bumped {victim.Id} does not rank below {newcomer.Id}"
            );
        }
    }

    private void CheckInvariants(World world)
    {
        foreach (var day in world.Days.Values)
        {
            Invariants.Check(day, Now, _options);
            // The representation's indexes and cached counters (the free seats the alternatives search reads, the
            // overflow count the daily cap reads, occupancies, queues, the waitlist, the patient index) agree with a
            // recount of the tokens, whatever path changed or undid them.
            DayStateAssert.MatchesRecount(day.State);
        }
    }

    /// <summary>The counters add up to the final state.</summary>
    private List<Token> CheckCounters()
    {
        var tokens = Snapshot().Days.Values.SelectMany(d => d.Tokens).ToList();
        Check(tokens.Count == _tokens.Count, "the model and the engine disagree on how many tokens exist");
        Check(_metrics.Total(AllocationTelemetry.Allocations) == tokens.Count + _rejections, "allocations counter");
        Check(_metrics.Total(AllocationTelemetry.Allocations, "rejected") == _rejections, "rejected counter");
        foreach (
            var (outcome, tag) in new[]
            {
                (AllocationOutcome.Allocated, "allocated"),
                (AllocationOutcome.BumpedOther, "bumped_other"),
                (AllocationOutcome.Overflow, "overflow"),
                (AllocationOutcome.Waitlisted, "waitlisted"),
            }
        )
        {
            Check(
                _metrics.Total(AllocationTelemetry.Allocations, tag) == _outcomes.GetValueOrDefault(outcome),
                $"{tag} counter"
            );
        }

        Check(_metrics.Total(AllocationTelemetry.Bumps) == tokens.Sum(t => t.BumpCount), "bumps counter");
        Check(_metrics.Total(AllocationTelemetry.Overflows) == tokens.Count(t => t.IsOverflow), "overflows counter");
        Check(
            _metrics.Total(AllocationTelemetry.Cancellations) == tokens.Count(t => t.Status == TokenStatus.Cancelled),
            "cancellations counter"
        );
        Check(
            _metrics.Total(AllocationTelemetry.NoShows) == tokens.Count(t => t.Status == TokenStatus.NoShow),
            "no-shows counter"
        );
        Check(_metrics.Total(AllocationTelemetry.Promotions) == _promotions, "promotions counter");
        Check(_metrics.Total(AllocationTelemetry.Conflicts) == 0, "conflicts counter");
        return tokens;
    }

    private void AssertUnchanged(
        World before,
        World after,
        IReadOnlyList<ImmutableArray<AllocationEvent>> batches,
        string when
    )
    {
        Check(batches.Count == 0, $"events were raised {when}");
        Check(before.Days.Count == after.Days.Count, $"doctor-days appeared {when}");
        foreach (var (key, day) in before.Days)
        {
            Check(after.Days.TryGetValue(key, out var now) && ReferenceEquals(day, now), $"{key} changed {when}");
        }
    }

    private World Snapshot() => new(Sync(_engine.GetDoctorDaysAsync(null)).ToImmutableDictionary(d => d.Key));

    private Doctor DoctorOf(int index) => _doctors[index % _doctors.Count];

    private bool IsActive(Doctor doctor) => Sync(_engine.GetDoctorAsync(doctor.Id))!.IsActive;

    private TokenId TokenOf(int index) =>
        index < 0 || _tokens.Count == 0
            ? new TokenId(new PartitionKey(_doctors[0].Id, FirstDay), 999)
            : _tokens[index % _tokens.Count];

    private static SlotId SlotOf(DoctorDay day, int index) =>
        new(day.Key, index < 0 || day.Slots.Length == 0 ? 99 : index % day.Slots.Length + 1);

    private static DateTimeOffset Instant(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), TimeSpan.Zero);

    private static string Describe(AllocationErrorCode? code) => code?.ToString() ?? "success";

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(message);
        }
    }

    /// <summary>The common path of every engine method completes synchronously with the in-memory store.</summary>
    private static T Sync<T>(ValueTask<T> task) =>
        task.IsCompleted
            ? task.GetAwaiter().GetResult()
            : throw new InvariantViolationException("An engine call did not complete synchronously.");

    /// <summary>Every stored doctor-day as the engine publishes it.</summary>
    private sealed record World(ImmutableDictionary<PartitionKey, DoctorDay> Days)
    {
        public DoctorDay Day(PartitionKey key) => Days.GetValueOrDefault(key) ?? DoctorDay.Empty(key);
    }

    /// <summary>What a step expected (an error code, or null for success), what it got, and what to check after a
    /// success.</summary>
    private sealed record Outcome(AllocationErrorCode? Expected, AllocationError? Error, Action<World>? Verify);

    /// <summary>The reference model's answer: outcome (null = rejected), slot, score, bumped token and where it
    /// went (null = waitlist).</summary>
    private sealed record Prediction(
        AllocationOutcome? Outcome,
        SlotId? Slot,
        int Score,
        TokenId? Bumped,
        SlotId? BumpedTo
    );
}

internal sealed class StepFailedException(string message, Exception inner) : Exception(message, inner);
