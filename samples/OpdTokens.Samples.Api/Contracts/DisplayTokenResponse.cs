using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>A token as a waiting-room display may show it: the patient's initials, no phone, no patient id.</summary>
internal sealed record DisplayTokenResponse(
    string Id,
    string TokenNumber,
    string DoctorId,
    DateOnly Date,
    string? SlotId,
    string PatientName,
    TokenSource Source,
    TokenStatus Status,
    int PriorityScore,
    int SequenceNumber,
    bool IsEmergency,
    bool IsOverflow,
    int? QueuePosition,
    DateTimeOffset? EstimatedStart,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AllocatedAt,
    DateTimeOffset? CheckedInAt
);
