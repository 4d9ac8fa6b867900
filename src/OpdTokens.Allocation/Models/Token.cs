using System.Collections.Immutable;
using System.Diagnostics;

namespace OpdTokens.Allocation.Models;

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

    /// <summary>Gets the slot the token holds or held a seat in; <see langword="null"/> while waitlisted.</summary>
    public SlotId? SlotId { get; init; }

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
    public DateTimeOffset? AllocatedAt { get; init; }

    /// <summary>Gets when the patient checked in.</summary>
    public DateTimeOffset? CheckedInAt { get; init; }

    /// <summary>Gets when the consultation started.</summary>
    public DateTimeOffset? ConsultationStartedAt { get; init; }

    /// <summary>Gets when the consultation was completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets when the token was cancelled.</summary>
    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>Gets when the token was marked as a no-show.</summary>
    public DateTimeOffset? NoShowAt { get; init; }

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
}
