namespace OpdTokens.Allocation;

/// <summary>Classifies token statuses the way the allocation rules use them.</summary>
public static class TokenStatusExtensions
{
    /// <summary>Tells whether a token in this status occupies a seat of its slot.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for allocated, checked in, consulting and completed.</returns>
    public static bool HoldsSeat(this TokenStatus status) =>
        status is TokenStatus.Allocated or TokenStatus.CheckedIn or TokenStatus.Consulting or TokenStatus.Completed;

    /// <summary>Tells whether a token in this status is waiting in its slot's queue.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for allocated and checked in.</returns>
    public static bool IsWaitingInSlot(this TokenStatus status) =>
        status is TokenStatus.Allocated or TokenStatus.CheckedIn;

    /// <summary>Tells whether a status never changes again.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for completed, cancelled and no-show.</returns>
    public static bool IsTerminal(this TokenStatus status) =>
        status is TokenStatus.Completed or TokenStatus.Cancelled or TokenStatus.NoShow;

    /// <summary>Tells whether a token in this status still counts as the patient's active booking.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for waitlisted, allocated, checked in and consulting.</returns>
    public static bool IsActive(this TokenStatus status) => !status.IsTerminal();
}
