namespace OpdTokens.Allocation;

/// <summary>What kind of normal-operation failure a command met.</summary>
public enum AllocationErrorCode
{
    /// <summary>The input breaks a rule; <see cref="AllocationError.FieldErrors"/> says which fields.</summary>
    ValidationFailed = 0,

    /// <summary>A doctor, slot or token does not exist.</summary>
    NotFound = 1,

    /// <summary>The token's status does not allow the requested move.</summary>
    InvalidTransition = 2,

    /// <summary>No seat was free and the request asked not to wait; <see cref="AllocationError.Alternatives"/> lists
    /// slots with room.</summary>
    SlotFull = 3,

    /// <summary>The slot is closed or has ended.</summary>
    SlotUnavailable = 4,

    /// <summary>The doctor is not active.</summary>
    DoctorUnavailable = 5,

    /// <summary>Other writers kept changing the doctor-day; the command gave up after the configured retries, or an
    /// id was taken concurrently.</summary>
    Conflict = 6,

    /// <summary>The patient already holds an active token for the doctor-day;
    /// <see cref="AllocationError.ExistingTokenId"/> names it.</summary>
    DuplicatePatient = 7,

    /// <summary>The idempotency key was already used in the doctor-day for a different request.</summary>
    IdempotencyKeyReused = 8,

    /// <summary>A slot cannot shrink below the seats already held in it.</summary>
    CapacityBelowOccupancy = 9,
}
