namespace OpdTokens.Allocation.Notifications;

/// <summary>One message for one patient about one event, as channels receive it.</summary>
/// <remarks>
/// <para>This is personal data (a phone number, and a text with the patient's name): <see cref="ToString"/> prints
/// only the event's id and kind.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Id">The event's id: the same on every attempt, so receivers drop duplicates by it.</param>
/// <param name="Kind">The event's kind (see <see cref="EventKinds"/>).</param>
/// <param name="Event">The event.</param>
/// <param name="Attempt">Which attempt this is, from 1.</param>
/// <param name="Recipient">Who is told, and how to reach them.</param>
/// <param name="Message">The text, from the template of the kind in the recipient's language.</param>
public sealed record Notification(
    AllocationEventId Id,
    string Kind,
    AllocationEvent Event,
    int Attempt,
    NotificationRecipient Recipient,
    string Message
)
{
    /// <summary>Returns a text without personal data.</summary>
    /// <returns>The id and kind.</returns>
    public override string ToString() => $"Notification {{ Id = {Id}, Kind = {Kind}, Attempt = {Attempt} }}";
}
