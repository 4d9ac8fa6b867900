namespace OpdTokens.Samples.Api.Contracts;

/// <summary>A slot; <c>currentCount</c> is its occupancy.</summary>
internal sealed record SlotResponse(
    string Id,
    string DoctorId,
    DateOnly Date,
    TimeOnly StartTime,
    TimeOnly EndTime,
    int MaxCapacity,
    int CurrentCount,
    bool IsActive,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt
);
