namespace OpdTokens.Allocation.Notifications;

/// <summary>Where the notification dispatcher sends a patient's notification: an SMS gateway, an e-mail service, a
/// webhook. Register one with <c>AddNotificationChannel</c>; the webhook and logging channels ship.</summary>
/// <remarks>
/// <para>The dispatcher calls <see cref="SendAsync"/> once per attempt and channel, for the events of one doctor-day
/// one at a time and in order. Returning means delivered. Throwing means the attempt failed: the event is tried
/// again later, with exponential backoff, up to the retry budget, then dead-lettered; throw
/// <see cref="NotificationDeliveryException"/> with <c>isPermanent: true</c> for a failure no retry can mend (the
/// receiver refuses the message), to dead-letter at once.</para>
/// <para>Delivery is at least once: an attempt that reached the receiver but whose outcome was lost (a crash, a time
/// out) is made again, so a channel must pass <see cref="Notification.Id"/> along for the receiver to drop
/// duplicates. When several channels are registered, a failed attempt is retried on every channel.</para>
/// <para>Honour the cancellation token: it carries the attempt's time-out and the host's shutdown. Calls for different
/// doctor-days may run concurrently, so implementations must be thread-safe.</para>
/// </remarks>
public interface INotificationChannel
{
    /// <summary>Gets the channel's name, for logs and metrics, such as <c>webhook</c>.</summary>
    string Name { get; }

    /// <summary>Delivers one notification.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels the attempt (its time-out, or the host stopping).</param>
    /// <returns>A task that completes when the receiver has accepted the notification.</returns>
    /// <exception cref="NotificationDeliveryException">The receiver refused it; permanently or for now.</exception>
    ValueTask SendAsync(Notification notification, CancellationToken cancellationToken);
}
