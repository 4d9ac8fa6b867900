namespace OpdTokens.Allocation;

/// <summary>Why a token moved between slots or to or from the waitlist.</summary>
public enum MoveReason
{
    /// <summary>Bumped by a higher-ranked request.</summary>
    Bumped = 0,

    /// <summary>Promoted from the waitlist into a freed seat.</summary>
    Promoted = 1,

    /// <summary>Moved on request by the desk.</summary>
    Reallocated = 2,

    /// <summary>Moved because the doctor is running late.</summary>
    DoctorDelayed = 3,

    /// <summary>Moved because its slot was closed.</summary>
    SlotClosed = 4,
}
