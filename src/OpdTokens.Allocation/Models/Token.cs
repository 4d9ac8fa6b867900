using System.Collections.Immutable;
using System.Diagnostics;

namespace OpdTokens.Allocation;

/// <summary>An OPD token: one patient's place with one doctor on one day.</summary>
/// <remarks>
/// <para>Tokens are created by the allocation rules and change only through them; each change yields a new
/// instance. The doctor, the day and the sequence number are part of <see cref="Id"/>.</para>
/// <para><see cref="ToString"/> never prints the patient's personal data.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{Number,nq} {Status} slot {SlotId}")]
public sealed record Token
{
    /// <summary>Gets the token's id.</summary>
    public required TokenId Id { get; init; }

    /// <summary>Gets the printed token number, such as <c>DOCD1-20261121-0017</c>.</summary>
    public required string Number { get; init; }

    // Every token of a day stays in memory with it, so the optional members are stored without Nullable's flag and
    // padding (a nullable timestamp takes 24 bytes, a timestamp 16): one bit of _present says whether each is set.
    private readonly SlotId _slotId;
    private readonly DateTimeOffset _allocatedAt;
    private readonly DateTimeOffset _checkedInAt;
    private readonly DateTimeOffset _consultationStartedAt;
    private readonly DateTimeOffset _completedAt;
    private readonly DateTimeOffset _cancelledAt;
    private readonly DateTimeOffset _noShowAt;
    private readonly Present _present;

    /// <summary>Gets the slot the token holds or held a seat in; <see langword="null"/> while waitlisted.</summary>
    public SlotId? SlotId
    {
        get => Has(Present.SlotId) ? _slotId : null;
        init => _present = Store(value, out _slotId, Present.SlotId);
    }

    /// <summary>Gets the patient.</summary>
    public required Patient Patient { get; init; }

    /// <summary>Gets where the request came from.</summary>
    public required TokenSource Source { get; init; }

    /// <summary>Gets the token's status.</summary>
    public required TokenStatus Status { get; init; }

    /// <summary>Gets the priority score the policy gave the token at creation; never recomputed.</summary>
    public required int PriorityScore { get; init; }

    /// <summary>Gets whether the token was placed over its slot's capacity as an emergency overflow.</summary>
    public bool IsOverflow { get; init; }

    /// <summary>Gets how many times the token has been bumped by higher-ranked requests.</summary>
    public int BumpCount { get; init; }

    /// <summary>Gets when the token was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the token first got a seat.</summary>
    public DateTimeOffset? AllocatedAt
    {
        get => Has(Present.Allocated) ? _allocatedAt : null;
        init => _present = Store(value, out _allocatedAt, Present.Allocated);
    }

    /// <summary>Gets when the patient checked in.</summary>
    public DateTimeOffset? CheckedInAt
    {
        get => Has(Present.CheckedIn) ? _checkedInAt : null;
        init => _present = Store(value, out _checkedInAt, Present.CheckedIn);
    }

    /// <summary>Gets when the consultation started.</summary>
    public DateTimeOffset? ConsultationStartedAt
    {
        get => Has(Present.ConsultationStarted) ? _consultationStartedAt : null;
        init => _present = Store(value, out _consultationStartedAt, Present.ConsultationStarted);
    }

    /// <summary>Gets when the consultation was completed.</summary>
    public DateTimeOffset? CompletedAt
    {
        get => Has(Present.Completed) ? _completedAt : null;
        init => _present = Store(value, out _completedAt, Present.Completed);
    }

    /// <summary>Gets when the token was cancelled.</summary>
    public DateTimeOffset? CancelledAt
    {
        get => Has(Present.Cancelled) ? _cancelledAt : null;
        init => _present = Store(value, out _cancelledAt, Present.Cancelled);
    }

    /// <summary>Gets when the token was marked as a no-show.</summary>
    public DateTimeOffset? NoShowAt
    {
        get => Has(Present.NoShow) ? _noShowAt : null;
        init => _present = Store(value, out _noShowAt, Present.NoShow);
    }

    /// <summary>Gets the reason given when the token was cancelled.</summary>
    public string? CancellationReason { get; init; }

    /// <summary>Gets the most recent moves of the token, oldest first (at most <see cref="HistoryLimit"/>).</summary>
    public ImmutableArray<TokenMove> History { get; init; } = [];

    /// <summary>The most moves kept in <see cref="History"/>.</summary>
    public const int HistoryLimit = 16;

    /// <summary>Gets the doctor the token is for.</summary>
    public DoctorId DoctorId => Id.Doctor;

    /// <summary>Gets the day the token is for.</summary>
    public DateOnly Date => Id.Date;

    /// <summary>Gets the doctor-day the token belongs to.</summary>
    public PartitionKey Partition => Id.Partition;

    /// <summary>Gets the sequence number within the doctor-day, assigned at creation and never reused.</summary>
    public int Sequence => Id.Sequence;

    /// <summary>Gets whether the token is an emergency.</summary>
    public bool IsEmergency => Source == TokenSource.Emergency;

    /// <summary>Gets whether the token occupies a seat of its slot.</summary>
    public bool HoldsSeat => Status.HoldsSeat();

    private bool Has(Present member) => (_present & member) != 0;

    /// <summary>Splits an optional value into its field (default when absent) and the flags with its bit set or
    /// cleared.</summary>
    private Present Store<T>(T? value, out T field, Present member)
        where T : struct
    {
        field = value.GetValueOrDefault();
        return value.HasValue ? _present | member : _present & ~member;
    }

    /// <summary>Which optional members are set.</summary>
    [Flags]
    private enum Present : byte
    {
        SlotId = 1,
        Allocated = 2,
        CheckedIn = 4,
        ConsultationStarted = 8,
        Completed = 16,
        Cancelled = 32,
        NoShow = 64,
    }
}
