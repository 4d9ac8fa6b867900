using System.Collections.Immutable;

namespace OpdTokens.Allocation;

/// <summary>A typed, normal-operation failure of a command; nothing was changed.</summary>
/// <remarks>Messages never contain personal data. This type is immutable and thread-safe.</remarks>
/// <param name="Code">The kind of failure.</param>
/// <param name="Message">A plain-English explanation.</param>
public sealed record AllocationError(AllocationErrorCode Code, string Message)
{
    /// <summary>Gets the offending fields of a <see cref="AllocationErrorCode.ValidationFailed"/> error.</summary>
    public ImmutableArray<FieldError> FieldErrors { get; init; } = [];

    /// <summary>Gets slots with room offered with a <see cref="AllocationErrorCode.SlotFull"/> error.</summary>
    public ImmutableArray<Alternative> Alternatives { get; init; } = [];

    /// <summary>Gets the patient's existing token of a <see cref="AllocationErrorCode.DuplicatePatient"/> error.</summary>
    public TokenId? ExistingTokenId { get; init; }

    /// <summary>Gets the token's status that refused an <see cref="AllocationErrorCode.InvalidTransition"/>, so a host
    /// can word the error in its own terms (an HTTP API in its wire names, a desk app in its language).</summary>
    public TokenStatus? CurrentStatus { get; init; }

    /// <summary>Gets the status an <see cref="AllocationErrorCode.InvalidTransition"/> asked for; <see langword="null"/>
    /// when the command was a move rather than a status change (a reallocation).</summary>
    public TokenStatus? RequestedStatus { get; init; }

    internal static AllocationError Validation(params FieldError[] errors) =>
        new(
            AllocationErrorCode.ValidationFailed,
            "The request is not valid: " + string.Join(" ", errors.Select(e => e.Message))
        )
        {
            FieldErrors = [.. errors],
        };

    internal static AllocationError Validation(string field, string message) =>
        Validation(new FieldError(field, message));

    internal static AllocationError NotFound(string message) => new(AllocationErrorCode.NotFound, message);

    internal static AllocationError InvalidTransition(TokenId id, TokenStatus from, TokenStatus to) =>
        new(AllocationErrorCode.InvalidTransition, $"Token {id} cannot move from {from} to {to}.")
        {
            CurrentStatus = from,
            RequestedStatus = to,
        };
}
