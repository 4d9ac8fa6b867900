namespace OpdTokens.Allocation.Notifications;

/// <summary>Settings of a webhook channel (<c>AddWebhookChannel</c>); validated when the host starts.</summary>
/// <remarks>This type is mutable and not thread-safe: set it up before the host starts.</remarks>
public sealed class WebhookChannelOptions
{
    /// <summary>The shortest secret accepted: 32 characters.</summary>
    public const int MinSecretLength = 32;

    /// <summary>Gets or sets the receiver's address; <c>https</c> (or <c>http</c> for a receiver on the same
    /// machine or network).</summary>
    /// <value>The default value is <see langword="null"/>: it must be set.</value>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets the secret shared with the receiver, at least <see cref="MinSecretLength"/>
    /// characters; every request is signed with it (see <see cref="WebhookSignature"/>).</summary>
    /// <value>The default value is <see langword="null"/>: it must be set.</value>
    public string? Secret { get; set; }
}
