namespace OpdTokens.Allocation.Notifications;

/// <summary>A channel could not deliver a notification; <see cref="IsPermanent"/> says whether a retry can
/// help.</summary>
/// <remarks>The message must not carry personal data: it is stored with the event as its last error.</remarks>
public sealed class NotificationDeliveryException : Exception
{
    /// <summary>Creates a failure that a retry may mend.</summary>
    public NotificationDeliveryException()
        : this("The notification could not be delivered.") { }

    /// <summary>Creates a failure that a retry may mend.</summary>
    /// <param name="message">What failed, without personal data.</param>
    public NotificationDeliveryException(string message)
        : this(message, isPermanent: false) { }

    /// <summary>Creates a failure that a retry may mend, with its cause.</summary>
    /// <param name="message">What failed, without personal data.</param>
    /// <param name="innerException">The cause.</param>
    public NotificationDeliveryException(string message, Exception innerException)
        : base(message, innerException) { }

    /// <summary>Creates a failure.</summary>
    /// <param name="message">What failed, without personal data.</param>
    /// <param name="isPermanent">Whether no retry can mend it (the event is dead-lettered at once).</param>
    public NotificationDeliveryException(string message, bool isPermanent)
        : base(message) => IsPermanent = isPermanent;

    /// <summary>Gets whether no retry can mend the failure.</summary>
    public bool IsPermanent { get; }
}
