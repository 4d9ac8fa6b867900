using System.Collections.Immutable;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Estimation;

namespace OpdTokens.Samples.Console.Estimates;

/// <summary>Watches the simulated day through the engine's events: the estimates each patient was given at check-in
/// (by the slot formula and by the learned estimator), when each consultation really started, the queue and waitlist
/// lengths after every change, and the changes that moved tokens.</summary>
/// <remarks>The scenario runs on one thread with the in-memory store, so the snapshot read in
/// <see cref="OnCommitted"/> is the one the change just published.</remarks>
public sealed class DayRecorder : IAllocationEventSink
{
    private readonly IAllocationEngine _engine;
    private readonly Dictionary<TokenId, PatientRecord> _patients = [];
    private readonly List<TokenId> _order = [];
    private readonly List<QueuePoint> _timeline = [];
    private readonly List<MoveRecord> _moves = [];

    public DayRecorder(IAllocationEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>Gets every checked-in patient, in check-in order.</summary>
    public ImmutableArray<PatientRecord> Patients => [.. _order.Select(id => _patients[id])];

    /// <summary>Gets the doctors' waiting and waitlisted counts after every change.</summary>
    public ImmutableArray<QueuePoint> Timeline => [.. _timeline];

    /// <summary>Gets the changes that moved tokens.</summary>
    public ImmutableArray<MoveRecord> Moves => [.. _moves];

    public void OnCommitted(ImmutableArray<AllocationEvent> events)
    {
        if (events.IsDefaultOrEmpty)
        {
            return;
        }

        var partition = events[0].Partition;
        var read = _engine.GetDoctorDayAsync(partition);
        var day = read.IsCompletedSuccessfully ? read.Result : read.AsTask().GetAwaiter().GetResult();
        var at = events[0].OccurredAt;
        foreach (var e in events)
        {
            switch (e)
            {
                case TokenStatusChanged { To: TokenStatus.CheckedIn } checkedIn:
                    CheckedIn(day, checkedIn.TokenId, at);
                    break;
                case TokenStatusChanged { To: TokenStatus.Consulting } consulting
                    when _patients.TryGetValue(consulting.TokenId, out var patient):
                    _patients[consulting.TokenId] = patient with { ActualStart = at };
                    break;
                case TokenBumped bumped:
                    Move(
                        at,
                        partition,
                        bumped.TokenId,
                        "bumped",
                        bumped.ToSlotId is null ? "to the waitlist" : "later"
                    );
                    break;
                case TokenReallocated moved:
                    Move(
                        at,
                        partition,
                        moved.TokenId,
                        moved.Reason.ToString(),
                        moved.ToSlotId is null ? "to the waitlist" : "later"
                    );
                    break;
                case TokenPromoted promoted:
                    Move(at, partition, promoted.TokenId, "promoted", "from the waitlist");
                    break;
                default:
                    break;
            }
        }

        var waiting = 0;
        foreach (var slot in day.Slots)
        {
            waiting += slot.IsActive ? day.GetQueue(slot.Id).Count : 0;
        }

        _timeline.Add(new QueuePoint(at, partition.Doctor, waiting, day.Waitlist.Count));
    }

    private void CheckedIn(DoctorDay day, TokenId id, DateTimeOffset at)
    {
        var formula = SlotFormulaEstimator.Instance.Estimate(day, DoctorHistory.Empty, at);
        var learned = LearnedWaitTimeEstimator.Instance.Estimate(day, DoctorHistory.Empty, at);
        if (
            day.FindToken(id) is not { } token
            || !formula.TryGet(id, out var byFormula)
            || !learned.TryGet(id, out var byLearning)
        )
        {
            return;
        }

        if (!_patients.ContainsKey(id))
        {
            _order.Add(id);
        }

        _patients[id] = new PatientRecord(
            id,
            token.Number,
            token.Source,
            at,
            byFormula.EstimatedStart,
            byLearning.EstimatedStart,
            byLearning.Basis,
            day.Delay,
            null
        );
    }

    private void Move(DateTimeOffset at, PartitionKey partition, TokenId token, string reason, string where) =>
        _moves.Add(new MoveRecord(at, partition.Doctor, token, reason, where));
}

/// <summary>One checked-in patient: the estimates given at check-in and the actual start.</summary>
/// <param name="Token">The token.</param>
/// <param name="Number">The token number.</param>
/// <param name="Source">The token's source.</param>
/// <param name="CheckedInAt">When the patient checked in.</param>
/// <param name="FormulaEstimate">The slot formula's estimate at check-in.</param>
/// <param name="LearnedEstimate">The learned estimator's estimate at check-in.</param>
/// <param name="LearnedBasis">What the learned estimate was based on (the formula until the doctor has history).</param>
/// <param name="DelayAtCheckIn">The doctor's reported delay when the patient checked in.</param>
/// <param name="ActualStart">When the consultation started, or <see langword="null"/> if it never did.</param>
public sealed record PatientRecord(
    TokenId Token,
    string Number,
    TokenSource Source,
    DateTimeOffset CheckedInAt,
    DateTimeOffset FormulaEstimate,
    DateTimeOffset LearnedEstimate,
    EstimateBasis LearnedBasis,
    TimeSpan DelayAtCheckIn,
    DateTimeOffset? ActualStart
)
{
    /// <summary>Gets the doctor.</summary>
    public DoctorId Doctor => Token.Doctor;
}

/// <summary>A doctor's queue after a change.</summary>
/// <param name="At">When.</param>
/// <param name="Doctor">The doctor.</param>
/// <param name="Waiting">Tokens waiting in the doctor's slots.</param>
/// <param name="Waitlisted">Tokens on the doctor's waitlist.</param>
public sealed record QueuePoint(DateTimeOffset At, DoctorId Doctor, int Waiting, int Waitlisted);

/// <summary>A token the engine moved.</summary>
/// <param name="At">When.</param>
/// <param name="Doctor">The doctor.</param>
/// <param name="Token">The token.</param>
/// <param name="Reason">Why it moved.</param>
/// <param name="Where">Where it went.</param>
public sealed record MoveRecord(DateTimeOffset At, DoctorId Doctor, TokenId Token, string Reason, string Where);
