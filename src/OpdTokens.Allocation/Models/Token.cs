using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation;

/// <summary>An OPD token: one patient's place with one doctor on one day.</summary>
/// <remarks>
/// <para>Tokens are created by the allocation rules and change only through them; each change yields a new
/// instance. The doctor, the day and the sequence number are part of <see cref="Id"/>.</para>
/// <para><see cref="ToString"/> never prints the patient's personal data.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(Serialization.TokenJsonConverter))]
[DebuggerDisplay("{Number,nq} {Status} slot {SlotId}")]
public sealed record Token
{
    /// <summary>Gets the token's id.</summary>
    public required TokenId Id { get; init; }

    /// <summary>Creates a token: set its required members in an object initializer.</summary>
    public Token() { }

    /// <summary>Creates a token whose number is formatted from its id when read, by the day's formatter.</summary>
    /// <param name="numbers">The formatter; pure by its contract, so every read gives the same text.</param>
    /// <remarks>The members <see cref="Number"/> does not cover are set by the caller's object initializer.</remarks>
    [SetsRequiredMembers]
#pragma warning disable CS8618 // Patient is set by the caller's object initializer, and Number is the formatter.
    internal Token(ITokenNumberFormatter numbers) => _number = numbers;
#pragma warning restore CS8618

    /// <summary>Gets the printed token number, such as <c>DOCD1-20261121-0017</c>.</summary>
    /// <remarks>A token the engine creates keeps its day's <see cref="ITokenNumberFormatter"/> instead of the text and
    /// formats the number on each read: a day keeps every token in memory, and the text would be a string per token
    /// that hardly anyone reads.</remarks>
    /// <exception cref="ArgumentNullException">On init: the value is <see langword="null"/>.</exception>
    public required string Number
    {
        get => _number as string ?? ((ITokenNumberFormatter)_number!).Format(Id);
        init => _number = value ?? throw new ArgumentNullException(nameof(value));
    }

    // The number's text, or the formatter that makes it from the id (see the internal constructor).
    private readonly object? _number;

    // Every token of a day stays in memory, and a command writes a new copy of each token it changes, so the token
    // is kept small: the slot as its number within the token's own doctor-day, timestamps as UTC ticks with the
    // offset in minutes beside them (TokenProgress.Unset when unset), enums as bytes, and what only later changes
    // set in a TokenProgress of its own. 88 bytes for a token that is only allocated, instead of 232.
    private readonly int _slotNumber;
    private readonly long _createdTicks;
    private readonly long _allocatedTicks;
    private readonly short _createdOffset;
    private readonly short _allocatedOffset = TokenProgress.Unset;
    private readonly byte _source;
    private readonly byte _status;

    // Null until a later change is set. A copy starts by sharing its original's progress and makes its own on the
    // first write (see OwnProgress); the flag says the instance is this token's own, so one with-expression that sets
    // several of these members copies it once. Both fields are written only during initialization.
    private TokenProgress? _progress;
    private bool _ownsProgress;

    /// <summary>Makes a copy for a with-expression: the progress stays shared until the copy writes to it.</summary>
    /// <param name="original">The token to copy.</param>
    [SetsRequiredMembers]
#pragma warning disable CS8618 // Number is the original's text or formatter, copied as _number.
    private Token(Token original)
#pragma warning restore CS8618
    {
        Id = original.Id;
        _number = original._number;
        Patient = original.Patient;
        PriorityScore = original.PriorityScore;
        IsOverflow = original.IsOverflow;
        _slotNumber = original._slotNumber;
        _createdTicks = original._createdTicks;
        _allocatedTicks = original._allocatedTicks;
        _createdOffset = original._createdOffset;
        _allocatedOffset = original._allocatedOffset;
        _source = original._source;
        _status = original._status;
        _progress = original._progress;
    }

    /// <summary>The progress to read: <see cref="TokenProgress.None"/> while nothing later is set.</summary>
    private TokenProgress Progress => _progress ?? TokenProgress.None;

    /// <summary>Sets one of the later instants during initialization; clearing one that is not set writes nothing.</summary>
    private void SetLaterInstant(int instant, DateTimeOffset? value)
    {
        if (value is not null || Progress.Offsets[instant] != TokenProgress.Unset)
        {
            OwnProgress().WriteInstant(instant, value);
        }
    }

    /// <summary>The progress to write during initialization: this token's own, made on the first write.</summary>
    private TokenProgress OwnProgress()
    {
        if (!_ownsProgress)
        {
            _progress = _progress?.Copy() ?? new TokenProgress();
            _ownsProgress = true;
        }

        return _progress!;
    }

    /// <summary>Gets the slot the token holds or held a seat in; <see langword="null"/> while waitlisted.</summary>
    /// <exception cref="ArgumentException">On init: the slot's number is below 1 (a default id, say), or the slot
    /// is of another doctor-day than the token.</exception>
    public SlotId? SlotId
    {
        get => _slotNumber == 0 ? null : new SlotId(Id.Partition, _slotNumber);
        init
        {
            if (value is { } slot)
            {
                if (slot.Number < 1)
                {
                    throw new ArgumentException(
                        $"Slot number {slot.Number} is not a slot's: a token's slot is numbered from 1 (a default SlotId is not an id).",
                        nameof(value)
                    );
                }

                // The id comes first in an object initializer in declaration order, and is set already in a
                // with-expression: a slot of another doctor-day is refused whenever the id is known.
                if (Id != default && slot.Partition != Id.Partition)
                {
                    throw new ArgumentException(
                        $"Slot {slot} is not of the token's doctor-day {Id.Partition}.",
                        nameof(value)
                    );
                }
            }

            _slotNumber = value?.Number ?? 0;
        }
    }

    /// <summary>Gets the patient.</summary>
    public required Patient Patient { get; init; }

    /// <summary>Gets where the request came from.</summary>
    public required TokenSource Source
    {
        get => (TokenSource)_source;
        init => _source = (byte)value;
    }

    /// <summary>Gets the token's status.</summary>
    public required TokenStatus Status
    {
        get => (TokenStatus)_status;
        init => _status = (byte)value;
    }

    /// <summary>Gets the priority score the policy gave the token at creation; never recomputed.</summary>
    public required int PriorityScore { get; init; }

    /// <summary>Gets whether the token was placed over its slot's capacity as an emergency overflow.</summary>
    public bool IsOverflow { get; init; }

    /// <summary>Gets how many times the token has been bumped by higher-ranked requests.</summary>
    public int BumpCount
    {
        get => Progress.BumpCount;
        init
        {
            if (value != Progress.BumpCount)
            {
                OwnProgress().BumpCount = value;
            }
        }
    }

    /// <summary>Gets when the token was created.</summary>
    public required DateTimeOffset CreatedAt
    {
        get => TokenProgress.Read(_createdTicks, _createdOffset)!.Value;
        init => _createdOffset = TokenProgress.Write(value, out _createdTicks);
    }

    /// <summary>Gets when the token first got a seat.</summary>
    public DateTimeOffset? AllocatedAt
    {
        get => TokenProgress.Read(_allocatedTicks, _allocatedOffset);
        init => _allocatedOffset = TokenProgress.Write(value, out _allocatedTicks);
    }

    /// <summary>Gets when the patient checked in.</summary>
    public DateTimeOffset? CheckedInAt
    {
        get => Progress.ReadInstant(TokenProgress.CheckedIn);
        init => SetLaterInstant(TokenProgress.CheckedIn, value);
    }

    /// <summary>Gets when the consultation started.</summary>
    public DateTimeOffset? ConsultationStartedAt
    {
        get => Progress.ReadInstant(TokenProgress.ConsultationStarted);
        init => SetLaterInstant(TokenProgress.ConsultationStarted, value);
    }

    /// <summary>Gets when the consultation was completed.</summary>
    public DateTimeOffset? CompletedAt
    {
        get => Progress.ReadInstant(TokenProgress.Completed);
        init => SetLaterInstant(TokenProgress.Completed, value);
    }

    /// <summary>Gets when the token was cancelled.</summary>
    public DateTimeOffset? CancelledAt
    {
        get => Progress.ReadInstant(TokenProgress.Cancelled);
        init => SetLaterInstant(TokenProgress.Cancelled, value);
    }

    /// <summary>Gets when the token was marked as a no-show.</summary>
    public DateTimeOffset? NoShowAt
    {
        get => Progress.ReadInstant(TokenProgress.NoShow);
        init => SetLaterInstant(TokenProgress.NoShow, value);
    }

    /// <summary>Gets the reason given when the token was cancelled.</summary>
    public string? CancellationReason
    {
        get => Progress.CancellationReason;
        init
        {
            if (value is not null || Progress.CancellationReason is not null)
            {
                OwnProgress().CancellationReason = value;
            }
        }
    }

    /// <summary>Gets the most recent moves of the token, oldest first (at most <see cref="HistoryLimit"/>).</summary>
    public ImmutableArray<TokenMove> History
    {
        get => Progress.History;
        init
        {
            // Readers that rebuild a token set an empty history too; that needs no progress of its own.
            if (value != Progress.History)
            {
                OwnProgress().History = value;
            }
        }
    }

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

    /// <summary>Tells whether another token has the same value in every member; numbers compare as text, whether a
    /// token keeps its number's text or formats it when read.</summary>
    /// <param name="other">The other token.</param>
    /// <returns><see langword="true"/> when every member is equal.</returns>
    public bool Equals(Token? other) =>
        ReferenceEquals(this, other)
        || (
            other is not null
            && Id == other.Id
            && _slotNumber == other._slotNumber
            && _status == other._status
            && _source == other._source
            && PriorityScore == other.PriorityScore
            && IsOverflow == other.IsOverflow
            && _createdTicks == other._createdTicks
            && _allocatedTicks == other._allocatedTicks
            && _createdOffset == other._createdOffset
            && _allocatedOffset == other._allocatedOffset
            && EqualityComparer<Patient>.Default.Equals(Patient, other.Patient)
            && Progress.HasSameValues(other.Progress)
            // Formats only when one side keeps text and the other a formatter, or the formatters differ.
            && (
                ReferenceEquals(_number, other._number) || string.Equals(Number, other.Number, StringComparison.Ordinal)
            )
        );

    /// <summary>Gets a hash code consistent with <see cref="Equals(Token?)"/>; it leaves the number out, so hashing
    /// never formats it.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() =>
        HashCode.Combine(
            Id,
            _slotNumber,
            _status,
            PriorityScore,
            BumpCount,
            _createdTicks,
            _allocatedTicks,
            Progress.Ticks[TokenProgress.CheckedIn]
        );
}
