namespace OpdTokens.Allocation;

/// <summary>The wire names of the domain events' kinds, as the outbox stores them, webhook payloads carry them and
/// notification settings name them: lower snake_case of the event type's name, such as <c>token_bumped</c>.</summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public static class EventKinds
{
    /// <summary>The kind of <see cref="TokenAllocated"/>.</summary>
    public const string TokenAllocated = "token_allocated";

    /// <summary>The kind of <see cref="TokenWaitlisted"/>.</summary>
    public const string TokenWaitlisted = "token_waitlisted";

    /// <summary>The kind of <see cref="TokenBumped"/>.</summary>
    public const string TokenBumped = "token_bumped";

    /// <summary>The kind of <see cref="TokenPromoted"/>.</summary>
    public const string TokenPromoted = "token_promoted";

    /// <summary>The kind of <see cref="TokenReallocated"/>.</summary>
    public const string TokenReallocated = "token_reallocated";

    /// <summary>The kind of <see cref="TokenStatusChanged"/>.</summary>
    public const string TokenStatusChanged = "token_status_changed";

    /// <summary>The kind of <see cref="TokenCancelled"/>.</summary>
    public const string TokenCancelled = "token_cancelled";

    /// <summary>The kind of <see cref="TokenMarkedNoShow"/>.</summary>
    public const string TokenMarkedNoShow = "token_marked_no_show";

    /// <summary>The kind of <see cref="EmergencyOverflowed"/>.</summary>
    public const string EmergencyOverflowed = "emergency_overflowed";

    /// <summary>The kind of <see cref="SlotAdded"/>.</summary>
    public const string SlotAdded = "slot_added";

    /// <summary>The kind of <see cref="SlotClosed"/>.</summary>
    public const string SlotClosed = "slot_closed";

    /// <summary>The kind of <see cref="SlotResized"/>.</summary>
    public const string SlotResized = "slot_resized";

    /// <summary>The kind of <see cref="DelayReported"/>.</summary>
    public const string DelayReported = "delay_reported";

    /// <summary>Gets the kind of an event.</summary>
    /// <param name="allocationEvent">The event.</param>
    /// <returns>Its kind, one of the constants of this class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="allocationEvent"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The event is of a type this library does not define.</exception>
    public static string Of(AllocationEvent allocationEvent) =>
        allocationEvent switch
        {
            null => throw new ArgumentNullException(nameof(allocationEvent)),
            OpdTokens.Allocation.TokenAllocated => TokenAllocated,
            OpdTokens.Allocation.TokenWaitlisted => TokenWaitlisted,
            OpdTokens.Allocation.TokenBumped => TokenBumped,
            OpdTokens.Allocation.TokenPromoted => TokenPromoted,
            OpdTokens.Allocation.TokenReallocated => TokenReallocated,
            OpdTokens.Allocation.TokenStatusChanged => TokenStatusChanged,
            OpdTokens.Allocation.TokenCancelled => TokenCancelled,
            OpdTokens.Allocation.TokenMarkedNoShow => TokenMarkedNoShow,
            OpdTokens.Allocation.EmergencyOverflowed => EmergencyOverflowed,
            OpdTokens.Allocation.SlotAdded => SlotAdded,
            OpdTokens.Allocation.SlotClosed => SlotClosed,
            OpdTokens.Allocation.SlotResized => SlotResized,
            OpdTokens.Allocation.DelayReported => DelayReported,
            _ => throw new ArgumentException(
                $"{allocationEvent.GetType().Name} is not an event of this library.",
                nameof(allocationEvent)
            ),
        };

    /// <summary>Gets the token an event is about, if it is about one.</summary>
    /// <param name="allocationEvent">The event.</param>
    /// <returns>The token, or <see langword="null"/> for events about slots and the doctor-day.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="allocationEvent"/> is <see langword="null"/>.</exception>
    public static TokenId? TokenOf(AllocationEvent allocationEvent) =>
        allocationEvent switch
        {
            null => throw new ArgumentNullException(nameof(allocationEvent)),
            OpdTokens.Allocation.TokenAllocated e => e.TokenId,
            OpdTokens.Allocation.TokenWaitlisted e => e.TokenId,
            OpdTokens.Allocation.TokenBumped e => e.TokenId,
            OpdTokens.Allocation.TokenPromoted e => e.TokenId,
            OpdTokens.Allocation.TokenReallocated e => e.TokenId,
            OpdTokens.Allocation.TokenStatusChanged e => e.TokenId,
            OpdTokens.Allocation.TokenCancelled e => e.TokenId,
            OpdTokens.Allocation.TokenMarkedNoShow e => e.TokenId,
            OpdTokens.Allocation.EmergencyOverflowed e => e.TokenId,
            _ => null,
        };
}
