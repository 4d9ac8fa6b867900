using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Contracts;

/// <summary>A token as desks, clinicians and administrators see it.</summary>
internal sealed record TokenResponse(
    string Id,
    string TokenNumber,
    string DoctorId,
    DateOnly Date,
    string? SlotId,
    string PatientName,
    string? PatientPhone,
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
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt,
    string? PatientId,
    int BumpCount,
    DateTimeOffset? ConsultationStartedAt,
    DateTimeOffset? NoShowAt
);
