using OpdTokens.Allocation.Notifications;

namespace OpdTokens.Samples.Api.Notifications;

/// <summary>Patient notifications from configuration: off unless <c>OpdTokens:Notifications:Enabled</c> is true; then
/// the outbox and its dispatcher (<c>AddNotifications</c>, settings from <c>OpdTokens:Notifications</c>) with a webhook
/// channel (<c>OpdTokens:Notifications:Webhook:Url</c> and <c>:Secret</c>) and/or the logging channel
/// (<c>OpdTokens:Notifications:LogChannel</c>).</summary>
/// <remarks>The admin endpoints (<see cref="NotificationAdminEndpoints"/>) are mapped either way: with notifications
/// off the outbox is empty, unless an earlier run left events in a database.</remarks>
internal static class NotificationSetup
{
    public const string SectionName = NotificationOptions.DefaultSectionName;
    public const string EnabledKey = SectionName + ":Enabled";
    public const string WebhookSectionName = SectionName + ":Webhook";
    public const string LogChannelKey = SectionName + ":LogChannel";

    /// <summary>The name of the webhook channel, and of its <see cref="WebhookChannelOptions"/>.</summary>
    public const string WebhookChannelName = "webhook";

    public static IOpdTokenAllocationBuilder AddConfiguredNotifications(
        this IOpdTokenAllocationBuilder allocation,
        IConfiguration configuration
    )
    {
        if (!configuration.GetValue<bool>(EnabledKey))
        {
            return allocation;
        }

        var webhook = configuration.GetSection(WebhookSectionName).Exists();
        var log = configuration.GetValue<bool>(LogChannelKey);
        if (!webhook && !log)
        {
            // Without a channel the dispatcher would mark every event delivered unsent: refuse to start instead.
            throw new InvalidOperationException(
                $"{EnabledKey} is true but no channel is configured: set {WebhookSectionName}:Url and "
                    + $"{WebhookSectionName}:Secret (at least {WebhookChannelOptions.MinSecretLength} characters), "
                    + $"or {LogChannelKey}=true for development."
            );
        }

        allocation.AddNotifications();
        allocation.Services.AddOptions<NotificationOptions>().BindConfiguration(SectionName);
        if (webhook)
        {
            // The options validator checks the address and the secret when the host starts.
            allocation.AddWebhookChannel(WebhookChannelName, static _ => { });
            allocation
                .Services.AddOptions<WebhookChannelOptions>(WebhookChannelName)
                .BindConfiguration(WebhookSectionName);
        }

        if (log)
        {
            allocation.AddLoggingNotificationChannel();
        }

        return allocation;
    }
}
