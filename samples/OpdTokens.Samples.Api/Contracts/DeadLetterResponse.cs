namespace OpdTokens.Samples.Api.Contracts;

/// <summary>A notification given up on: the event, its doctor-day, how many attempts failed and the last failure (no
/// personal data: the patient is found through <c>tokenId</c>).</summary>
internal sealed record DeadLetterResponse(
    string Id,
    string Kind,
    string DoctorId,
    DateOnly Date,
    long Version,
    int Sequence,
    string? TokenId,
    DateTimeOffset OccurredAt,
    int Attempts,
    string? LastError
);
