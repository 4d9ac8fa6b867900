using System.Collections.Immutable;
using System.Globalization;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>One run of the <see cref="OpdDayScenario"/>: the clock loop and the people in it (booking desk, patients,
/// reception desk, doctors).</summary>
internal sealed class ScenarioRun : IAllocationEventSink
{
    /// <summary>Queues sampled for the report are read at this local time.</summary>
    private static readonly TimeOnly SampleTime = new(10, 30);

    /// <summary>The desk reports the first doctor's delay at this local time.</summary>
    private static readonly TimeOnly DelayReportedAt = new(9, 5);

    /// <summary>The second doctor's slot is closed at this local time.</summary>
    private static readonly TimeOnly SlotClosedAt = new(11, 30);

    /// <summary>From this local time the schedules are watched for the first one to be full.</summary>
    private static readonly TimeOnly FullWatchFrom = new(10, 0);

    /// <summary>If the schedule never fills up, the two emergencies come at this local time anyway.</summary>
    private static readonly TimeOnly FullWatchUntil = new(15, 30);

    /// <summary>How long after a slot is under way a patient who has not come is marked as a no-show.</summary>
    private static readonly TimeSpan NoShowGrace = TimeSpan.FromMinutes(20);

    private const int SampleQueueLength = 6;

    private readonly OpdDayScenario _scenario;
    private readonly ScenarioCalendar _calendar;
    private readonly IAllocationEngine _engine;
    private readonly ManualTimeProvider _clock;
    private readonly IScenarioObserver? _observer;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Per doctor, in index order.</summary>
    private readonly DoctorState[] _doctors;

    /// <summary>Tokens the reception desk will look at, by when, then by doctor and sequence.</summary>
    private readonly PriorityQueue<(int Doctor, int Sequence), (DateTimeOffset Due, int Doctor, int Sequence)> _desk =
        new();

    /// <summary>Tokens the engine placed in a slot since the desk last looked.</summary>
    private readonly List<TokenId> _placed = [];

    /// <summary>Doctor index by doctor-day.</summary>
    private readonly Dictionary<PartitionKey, int> _doctorIndex = [];

    /// <summary>Planned cancellations, by time then by the order they were planned.</summary>
    private readonly PriorityQueue<TokenId, (DateTimeOffset At, int Serial)> _cancellations = new();

    private readonly int[] _requestsBySource = new int[Enum.GetValues<TokenSource>().Length];
    private readonly int[] _outcomes = new int[Enum.GetValues<AllocationOutcome>().Length];
    private readonly List<TokenId> _tokensCreated;
    private readonly List<Highlight> _highlights = [];
    private readonly List<QueueSnapshot> _samples = [];
    private readonly List<string> _unexpected = [];

    private int _rejected;
    private int _rerouted;
    private int _checkIns;
    private int _consultations;
    private int _cancellationsSent;
    private int _cancellationsTooLate;
    private int _noShows;
    private int _commands;
    private int _cancellationSerial;
    private bool _delayReported;
    private bool _slotClosed;
    private bool _fullScheduleEmergencies;
    private bool _sampled;

    public ScenarioRun(
        OpdDayScenario scenario,
        IAllocationEngine engine,
        ManualTimeProvider clock,
        IScenarioObserver? observer,
        CancellationToken cancellationToken
    )
    {
        _scenario = scenario;
        _calendar = scenario.Calendar;
        _engine = engine;
        _clock = clock;
        _observer = observer;
        _cancellationToken = cancellationToken;
        _doctors = new DoctorState[scenario.Settings.Doctors];
        _tokensCreated = new List<TokenId>(scenario.Requests.Count + 8);
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    public async Task<ScenarioOutcome> RunAsync()
    {
        using var subscription = _engine.Subscribe(this);
        await SetUpAsync();
        var requests = _scenario.Requests;
        var next = 0;
        var now = _calendar.BookingOpens;
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _clock.SetUtcNow(now);
            while (next < requests.Count && requests[next].At <= now)
            {
                await RequestAsync(requests[next++]);
            }

            await CancelDueAsync(now);
            if (now < _calendar.HospitalOpens)
            {
                // Overnight only bookings and cancellations happen: jump straight to the next one.
                var due = _calendar.HospitalOpens;
                if (next < requests.Count && requests[next].At < due)
                {
                    due = requests[next].At;
                }

                if (_cancellations.TryPeek(out _, out var cancellation) && cancellation.At < due)
                {
                    due = cancellation.At;
                }

                now = due;
                continue;
            }

            await RunScriptAsync(now);
            await ReceptionAsync(now);
            foreach (var doctor in _doctors)
            {
                await ConsultAsync(doctor, now);
            }

            if (!_sampled && ScenarioCalendar.LocalTime(now) >= SampleTime)
            {
                await SampleQueuesAsync(now);
            }

            if (now >= _calendar.LastSlotEnds && next >= requests.Count && await AllSeenAsync())
            {
                break;
            }

            if (now >= _calendar.Deadline)
            {
                _unexpected.Add("The day did not settle by midnight: some patients were never seen.");
                break;
            }

            // A minute at a time: consultations take whole minutes, each its own length.
            now += TimeSpan.FromMinutes(1);
        }

        return BuildOutcome(now);
    }

    private async Task SetUpAsync()
    {
        string[] specialties = ["General Medicine", "General Medicine", "Paediatrics", "Orthopaedics"];
        for (var i = 0; i < _doctors.Length; i++)
        {
            var doctor = (
                await _engine.RegisterDoctorAsync(
                    new RegisterDoctor(
                        string.Create(CultureInfo.InvariantCulture, $"Dr. {DoctorNames[i % DoctorNames.Length]}"),
                        specialties[i % specialties.Length]
                    ),
                    _cancellationToken
                )
            ).GetValueOrThrow();
            var partition = new PartitionKey(doctor.Id, _calendar.Day);
            var slots = ImmutableArray.CreateBuilder<SlotId>(_calendar.Slots);
            for (var s = 0; s < _calendar.Slots; s++)
            {
                await BeforeAsync(partition);
                var added = await _engine.AddSlotAsync(
                    new AddSlot(
                        doctor.Id,
                        _calendar.Day,
                        ScenarioCalendar.LocalStart(s),
                        ScenarioCalendar.LocalStart(s).AddHours(1),
                        _scenario.Settings.SlotCapacity
                    ),
                    _cancellationToken
                );
                await AfterAsync(partition, "add-slot");
                slots.Add(added.GetValueOrThrow().Slot.Id);
            }

            // The first doctor is the one who runs late; the desk only learns of it at 09:05.
            var arrivesAt = _calendar.SlotStarts(0) + (i == 0 ? OpdDayScenario.DoctorDelay : TimeSpan.Zero);
            _doctors[i] = new DoctorState(doctor, partition, slots.MoveToImmutable(), arrivesAt)
            {
                Times = new ConsultationTimes(_scenario.Settings.Seed, i, _calendar.ConsultationLength),
            };
            _doctorIndex[partition] = i;
        }
    }

    private static readonly string[] DoctorNames =
    [
        "Anjali Menon",
        "Rohan Kulkarni",
        "Fatima Sheikh",
        "Suresh Pillai",
        "Neha Agarwal",
        "Arjun Reddy",
        "Kiran Bhat",
        "Leela Thomas",
    ];

    /// <summary>The booking desk: sends a request; when its preferred slot has closed since, sends it again without
    /// one.</summary>
    private async Task<AllocationResult?> RequestAsync(PlannedRequest request)
    {
        var doctor = _doctors[request.Doctor];
        _requestsBySource[(int)request.Source]++;
        var command = new AllocateToken(doctor.Doctor.Id, request.Patient, request.Source)
        {
            Date = _calendar.Day,
            PreferredSlotId = request.PreferredSlot is { } index ? doctor.Slots[index] : null,
        };
        var result = await AllocateAsync(doctor, command);
        if (!result.IsSuccess && result.Error.Code == AllocationErrorCode.SlotUnavailable)
        {
            _rerouted++;
            result = await AllocateAsync(doctor, command with { PreferredSlotId = null });
        }

        if (!result.IsSuccess)
        {
            _rejected++;
            Unexpected("allocate", result.Error);
            return null;
        }

        var allocation = result.Value;
        var token = allocation.Token;
        _outcomes[(int)allocation.Outcome]++;
        _tokensCreated.Add(token.Id);
        doctor.Remember(token.Sequence, request);
        if (request is { Behaviour: PatientBehaviour.Cancels, CancelAt: { } cancelAt })
        {
            _cancellations.Enqueue(token.Id, (cancelAt, _cancellationSerial++));
        }

        if (request.Source == TokenSource.Emergency && token.Status == TokenStatus.Allocated)
        {
            // An emergency is brought straight to the doctor's door.
            await CheckInAsync(doctor, token);
        }

        return allocation;
    }

    private async Task CancelDueAsync(DateTimeOffset now)
    {
        while (_cancellations.TryPeek(out var id, out var due) && due.At <= now)
        {
            _cancellations.Dequeue();
            var doctor = _doctors[_doctorIndex[id.Partition]];
            var token = (await _engine.GetDoctorDayAsync(doctor.Partition, _cancellationToken)).FindToken(id);
            if (
                token is null
                || token.Status is not (TokenStatus.Waitlisted or TokenStatus.Allocated or TokenStatus.CheckedIn)
            )
            {
                _cancellationsTooLate++;
                continue;
            }

            if ((await ChangeStatusAsync(doctor, id, TokenStatus.Cancelled, "cancel", "Patient cancelled.")).IsSuccess)
            {
                _cancellationsSent++;
            }
        }
    }

    /// <summary>The scripted moments: a late doctor, a closed slot, two emergencies into a full schedule.</summary>
    private async Task RunScriptAsync(DateTimeOffset now)
    {
        var local = ScenarioCalendar.LocalTime(now);
        if (!_delayReported && local >= DelayReportedAt)
        {
            _delayReported = true;
            await ReportDelayAsync(_doctors[0], now);
        }

        if (!_slotClosed && local >= SlotClosedAt)
        {
            _slotClosed = true;
            await CloseSlotAsync(_doctors[Math.Min(1, _doctors.Length - 1)], now);
        }

        if (!_fullScheduleEmergencies && local >= FullWatchFrom)
        {
            foreach (var doctor in _doctors)
            {
                var day = await _engine.GetDoctorDayAsync(doctor.Partition, _cancellationToken);
                if (!day.Slots.Any(s => s.IsActive && !s.HasEnded(now) && day.GetFreeSeats(s.Id) > 0))
                {
                    _fullScheduleEmergencies = true;
                    await EmergenciesIntoFullScheduleAsync(doctor, now, full: true);
                    return;
                }
            }

            if (local >= FullWatchUntil)
            {
                _fullScheduleEmergencies = true;
                await EmergenciesIntoFullScheduleAsync(_doctors[^1], now, full: false);
            }
        }
    }

    private async Task ReportDelayAsync(DoctorState doctor, DateTimeOffset now)
    {
        await BeforeAsync(doctor.Partition);
        var result = await _engine.ReportDelayAsync(
            new ReportDelay(doctor.Doctor.Id, _calendar.Day, OpdDayScenario.DoctorDelay) { Actor = "reception" },
            _cancellationToken
        );
        await AfterAsync(doctor.Partition, "report-delay");
        if (!result.IsSuccess)
        {
            Unexpected("report-delay", result.Error);
            return;
        }

        Highlight(
            now,
            doctor,
            "doctor_late",
            $"{doctor.Doctor.Name} is running {OpdDayScenario.DoctorDelay.TotalMinutes:0} minutes late; "
                + $"{result.Value.MovedTokens.Length} tokens whose estimated start fell past their slot's end moved "
                + "to later slots with room."
        );
    }

    private async Task CloseSlotAsync(DoctorState doctor, DateTimeOffset now)
    {
        var index = Math.Min(5, _calendar.Slots - 1);
        await BeforeAsync(doctor.Partition);
        var result = await _engine.CloseSlotAsync(
            new CloseSlot(doctor.Slots[index]) { Actor = "reception" },
            _cancellationToken
        );
        await AfterAsync(doctor.Partition, "close-slot");
        if (!result.IsSuccess)
        {
            Unexpected("close-slot", result.Error);
            return;
        }

        var moved = result.Value.MovedTokens;
        var toWaitlist = moved.Count(t => t.Status == TokenStatus.Waitlisted);
        Highlight(
            now,
            doctor,
            "slot_closed",
            $"{doctor.Doctor.Name} cannot take the {ScenarioCalendar.LocalStart(index):HH:mm} slot; it was closed and its "
                + $"{moved.Length} waiting tokens moved: {moved.Length - toWaitlist} to later slots, {toWaitlist} to "
                + "the waitlist."
        );
    }

    private async Task EmergenciesIntoFullScheduleAsync(DoctorState doctor, DateTimeOffset now, bool full)
    {
        for (var i = 0; i < OpdDayScenario.ScriptedEmergencies; i++)
        {
            var request = new PlannedRequest(
                now,
                Array.IndexOf(_doctors, doctor),
                TokenSource.Emergency,
                null,
                new Patient(i == 0 ? "Ambulance patient" : "Second ambulance patient"),
                PatientBehaviour.Arrives,
                TimeSpan.Zero,
                null
            );
            if (await RequestAsync(request) is not { } allocation)
            {
                continue;
            }

            var day = await _engine.GetDoctorDayAsync(doctor.Partition, _cancellationToken);
            var token = day.FindToken(allocation.Token.Id)!;
            var placed =
                token.SlotId is { } slotId && day.FindSlot(slotId) is { } slot
                    ? string.Create(
                        CultureInfo.InvariantCulture,
                        $"in the {slot.StartTime:HH:mm} slot ({day.GetOccupancy(slotId)}/{slot.MaxCapacity} seats held)"
                    )
                    : "on the waitlist";
            var how = allocation switch
            {
                { Outcome: AllocationOutcome.Overflow } => "placed over capacity as an emergency overflow",
                { Outcome: AllocationOutcome.BumpedOther, BumpedToken: { } bumped } => bumped.SlotId is null
                    ? $"took the seat of {bumped.Number} ({bumped.Source}), which went to the waitlist"
                    : $"took the seat of {bumped.Number} ({bumped.Source}), which moved to a later slot",
                { Outcome: AllocationOutcome.Waitlisted } => "waitlisted",
                _ => "placed in a free seat",
            };
            Highlight(
                now,
                doctor,
                i == 0 ? "emergency_full_schedule" : "emergency_after_overflow",
                (full ? "Emergency into a full schedule" : "Emergency (no schedule was full by 15:30)")
                    + (i == 1 ? ", straight after the first" : "")
                    + $": {how}; {token.Number} is {placed}."
            );
        }
    }

    /// <summary>Collects the tokens the engine placed in a slot (allocated, promoted, bumped or moved to a slot), for
    /// the reception desk to look at; the engine calls this right after each command, on this thread.</summary>
    public void OnCommitted(ImmutableArray<AllocationEvent> events)
    {
        foreach (var e in events)
        {
            TokenId? placed = e switch
            {
                TokenAllocated allocated => allocated.TokenId,
                TokenPromoted promoted => promoted.TokenId,
                TokenBumped { ToSlotId: not null } bumped => bumped.TokenId,
                TokenReallocated { ToSlotId: not null } moved => moved.TokenId,
                _ => null,
            };
            if (placed is { } id)
            {
                _placed.Add(id);
            }
        }
    }

    /// <summary>The reception desk: checks in patients as they arrive and marks those who never come. It looks at a
    /// token when its patient is due (the arrival before the slot, or the no-show deadline once the slot is under
    /// way), and again whenever the engine places it in another slot.</summary>
    private async Task ReceptionAsync(DateTimeOffset now)
    {
        while (true)
        {
            foreach (var id in _placed)
            {
                var doctor = _doctorIndex[id.Partition];
                _desk.Enqueue((doctor, id.Sequence), (now, doctor, id.Sequence));
            }

            _placed.Clear();
            if (!_desk.TryPeek(out var next, out var when) || when.Due > now)
            {
                return;
            }

            _desk.Dequeue();
            await AttendAsync(next.Doctor, next.Sequence, now);
        }
    }

    private async Task AttendAsync(int doctorIndex, int sequence, DateTimeOffset now)
    {
        var doctor = _doctors[doctorIndex];
        var day = await _engine.GetDoctorDayAsync(doctor.Partition, _cancellationToken);
        if (
            day.FindToken(new TokenId(doctor.Partition, sequence)) is not { Status: TokenStatus.Allocated } token
            || token.SlotId is not { } slotId
            || day.FindSlot(slotId) is not { } slot
            || doctor.PlanOf(sequence) is not { } plan
        )
        {
            return;
        }

        var due =
            plan.Behaviour == PatientBehaviour.NoShow
                ? Max(slot.StartsAt + day.Delay, token.AllocatedAt ?? now) + NoShowGrace
                : slot.StartsAt - plan.ArrivalLead;
        if (due > now)
        {
            _desk.Enqueue((doctorIndex, sequence), (due, doctorIndex, sequence));
        }
        else if (plan.Behaviour == PatientBehaviour.NoShow)
        {
            if ((await ChangeStatusAsync(doctor, token.Id, TokenStatus.NoShow, "no-show")).IsSuccess)
            {
                _noShows++;
            }
        }
        else
        {
            await CheckInAsync(doctor, token);
        }
    }

    private async Task CheckInAsync(DoctorState doctor, Token token)
    {
        var result = await ChangeStatusAsync(doctor, token.Id, TokenStatus.CheckedIn, "check-in");
        if (!result.IsSuccess)
        {
            return;
        }

        _checkIns++;
        var day = await _engine.GetDoctorDayAsync(doctor.Partition, _cancellationToken);
        if (day.GetEstimatedStart(result.Value.Token) is { } estimate)
        {
            doctor.RecordEstimatedWait(Max(TimeSpan.Zero, estimate - Now));
        }
    }

    /// <summary>The doctor: finishes the consultation under way, then calls the next checked-in patient - an
    /// emergency first, else the best-ranked patient of the earliest slot that is under way.</summary>
    private async Task ConsultAsync(DoctorState doctor, DateTimeOffset now)
    {
        if (doctor.Consulting is { } current && now >= doctor.ConsultationEnds)
        {
            doctor.Consulting = null;
            if ((await ChangeStatusAsync(doctor, current, TokenStatus.Completed, "complete")).IsSuccess)
            {
                _consultations++;
            }
        }

        var day = await _engine.GetDoctorDayAsync(doctor.Partition, _cancellationToken);
        doctor.PeakWaitlist = Math.Max(doctor.PeakWaitlist, day.Waitlist.Count);
        if (doctor.Consulting is not null || now < doctor.ArrivesAt)
        {
            return;
        }

        Token? next = null;
        foreach (var slot in day.Slots)
        {
            if (slot.StartsAt + day.Delay > now)
            {
                break;
            }

            var queue = day.GetQueue(slot.Id);
            if (queue.IsEmpty)
            {
                continue;
            }

            if (queue.First is { IsEmergency: true, Status: TokenStatus.CheckedIn } emergency)
            {
                next = emergency;
                break;
            }

            if (next is null)
            {
                foreach (var token in queue)
                {
                    if (token.Status == TokenStatus.CheckedIn)
                    {
                        next = token;
                        break;
                    }
                }
            }
        }

        if (next is null)
        {
            return;
        }

        if ((await ChangeStatusAsync(doctor, next.Id, TokenStatus.Consulting, "start-consultation")).IsSuccess)
        {
            doctor.Consulting = next.Id;
            doctor.ConsultationEnds = now + doctor.Times.Next();
            if (next.CheckedInAt is { } checkedIn)
            {
                doctor.RecordActualWait(Max(TimeSpan.Zero, now - checkedIn));
            }
        }
    }

    private async Task SampleQueuesAsync(DateTimeOffset now)
    {
        _sampled = true;
        foreach (var doctor in _doctors.Take(3))
        {
            var day = await _engine.GetDoctorDayAsync(doctor.Partition, _cancellationToken);
            // The slot the doctor is working through: the earliest with patients waiting, else the next one.
            var slot =
                day.Slots.FirstOrDefault(s => s.StartsAt + day.Delay <= now && !day.GetQueue(s.Id).IsEmpty)
                ?? day.Slots.FirstOrDefault(s => s.IsActive && !s.HasEnded(now));
            if (slot is null)
            {
                continue;
            }

            var entries = day.GetQueueEntries(slot.Id);
            _samples.Add(
                new QueueSnapshot(
                    now,
                    doctor.Doctor.Id,
                    slot.Id,
                    slot.StartTime,
                    slot.EndTime,
                    entries.Length,
                    [
                        .. entries
                            .Take(SampleQueueLength)
                            .Select(e => new QueueSnapshotEntry(
                                e.Position,
                                e.Token.Number,
                                e.Token.Source,
                                e.Token.PriorityScore,
                                e.Token.Status,
                                ScenarioCalendar.LocalTime(e.EstimatedStart)
                            )),
                    ]
                )
            );
        }
    }

    /// <summary>Whether every doctor has seen every patient who came: nobody waits in a slot or with the doctor.</summary>
    private async Task<bool> AllSeenAsync()
    {
        foreach (var doctor in _doctors)
        {
            if (doctor.Consulting is not null)
            {
                return false;
            }

            var day = await _engine.GetDoctorDayAsync(doctor.Partition, _cancellationToken);
            foreach (var slot in day.Slots)
            {
                if (!day.GetQueue(slot.Id).IsEmpty)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private async ValueTask<CommandResult<AllocationResult>> AllocateAsync(DoctorState doctor, AllocateToken command)
    {
        await BeforeAsync(doctor.Partition);
        var result = await _engine.AllocateAsync(command, _cancellationToken);
        await AfterAsync(doctor.Partition, "allocate");
        return result;
    }

    private async ValueTask<CommandResult<StatusChangeResult>> ChangeStatusAsync(
        DoctorState doctor,
        TokenId token,
        TokenStatus status,
        string name,
        string? reason = null
    )
    {
        await BeforeAsync(doctor.Partition);
        var result = await _engine.ChangeStatusAsync(
            new ChangeTokenStatus(token, status) { Reason = reason, Actor = "reception" },
            _cancellationToken
        );
        await AfterAsync(doctor.Partition, name);
        if (!result.IsSuccess)
        {
            Unexpected(name, result.Error);
        }

        return result;
    }

    private ValueTask BeforeAsync(PartitionKey partition) =>
        _observer?.BeforeCommandAsync(partition, _cancellationToken) ?? ValueTask.CompletedTask;

    private ValueTask AfterAsync(PartitionKey partition, string command)
    {
        _commands++;
        return _observer?.AfterCommandAsync(partition, command, _cancellationToken) ?? ValueTask.CompletedTask;
    }

    private void Unexpected(string command, AllocationError error) =>
        _unexpected.Add(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{ScenarioCalendar.LocalTime(Now):HH:mm} {command}: {error.Code} {error.Message}"
            )
        );

    private void Highlight(DateTimeOffset at, DoctorState doctor, string kind, string text) =>
        _highlights.Add(new Highlight(at, doctor.Doctor.Id, kind, text));

    private ScenarioOutcome BuildOutcome(DateTimeOffset finishedAt) =>
        new(
            [.. _doctors.Select(d => d.ToActivity())],
            Enum.GetValues<TokenSource>().ToImmutableSortedDictionary(s => s, s => _requestsBySource[(int)s]),
            Enum.GetValues<AllocationOutcome>().ToImmutableSortedDictionary(o => o, o => _outcomes[(int)o]),
            _rejected,
            _rerouted,
            [.. _tokensCreated],
            _checkIns,
            _consultations,
            _cancellationsSent,
            _cancellationsTooLate,
            _noShows,
            _commands,
            [.. _highlights],
            [.. _samples],
            [.. _unexpected],
            finishedAt
        );

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;

    /// <summary>One doctor as the scenario tracks them.</summary>
    private sealed class DoctorState(
        Doctor doctor,
        PartitionKey partition,
        ImmutableArray<SlotId> slots,
        DateTimeOffset arrivesAt
    )
    {
        /// <summary>The plan of each token by its sequence number.</summary>
        private readonly List<PlannedRequest?> _plans = [];

        private TimeSpan _estimatedWaits;
        private int _estimatedCount;
        private TimeSpan _actualWaits;
        private int _actualCount;

        public Doctor Doctor { get; } = doctor;

        public PartitionKey Partition { get; } = partition;

        public ImmutableArray<SlotId> Slots { get; } = slots;

        /// <summary>When the doctor starts seeing patients.</summary>
        public DateTimeOffset ArrivesAt { get; } = arrivesAt;

        public TokenId? Consulting { get; set; }

        /// <summary>How long this doctor's consultations take.</summary>
        public required ConsultationTimes Times { get; init; }

        public DateTimeOffset ConsultationEnds { get; set; }

        public int PeakWaitlist { get; set; }

        public void Remember(int sequence, PlannedRequest plan)
        {
            while (_plans.Count <= sequence)
            {
                _plans.Add(null);
            }

            _plans[sequence] = plan;
        }

        public PlannedRequest? PlanOf(int sequence) => sequence < _plans.Count ? _plans[sequence] : null;

        public void RecordEstimatedWait(TimeSpan wait)
        {
            _estimatedWaits += wait;
            _estimatedCount++;
        }

        public void RecordActualWait(TimeSpan wait)
        {
            _actualWaits += wait;
            _actualCount++;
        }

        public DoctorActivity ToActivity() =>
            new(
                Doctor,
                Slots,
                _estimatedCount,
                _estimatedCount == 0 ? TimeSpan.Zero : _estimatedWaits / _estimatedCount,
                _actualCount,
                _actualCount == 0 ? TimeSpan.Zero : _actualWaits / _actualCount,
                PeakWaitlist
            );
    }
}
