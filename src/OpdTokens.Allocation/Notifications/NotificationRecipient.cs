namespace OpdTokens.Allocation.Notifications;

/// <summary>The patient a notification is for: their token, their phone and the language of the message.</summary>
/// <remarks>This is personal data: <see cref="ToString"/> prints only the token. This type is immutable and
/// thread-safe.</remarks>
/// <param name="TokenId">The patient's token.</param>
/// <param name="TokenNumber">The token's number, as the patient knows it.</param>
/// <param name="Phone">The patient's phone number.</param>
/// <param name="Language">The language of the message, such as <c>en</c> or <c>hi</c>.</param>
public sealed record NotificationRecipient(TokenId TokenId, string TokenNumber, string Phone, string Language)
{
    /// <summary>Returns a text without personal data.</summary>
    /// <returns>The token.</returns>
    public override string ToString() => $"NotificationRecipient {{ TokenId = {TokenId} }}";
}
