namespace OpdTokens.Allocation;

/// <summary>The life-cycle status of a token.</summary>
/// <remarks>
/// Seat-holding statuses are <see cref="Allocated"/>, <see cref="CheckedIn"/>, <see cref="Consulting"/> and
/// <see cref="Completed"/>; terminal statuses are <see cref="Completed"/>, <see cref="Cancelled"/> and
/// <see cref="NoShow"/>.
/// </remarks>
public enum TokenStatus
{
    /// <summary>Waiting for a seat; the token has no slot.</summary>
    Waitlisted = 0,

    /// <summary>Holds a seat in a slot.</summary>
    Allocated = 1,

    /// <summary>The patient has arrived and is waiting to be seen.</summary>
    CheckedIn = 2,

    /// <summary>The patient is with the doctor.</summary>
    Consulting = 3,

    /// <summary>The consultation is over (terminal).</summary>
    Completed = 4,

    /// <summary>Cancelled before the consultation (terminal).</summary>
    Cancelled = 5,

    /// <summary>The patient did not come (terminal).</summary>
    NoShow = 6,
}
