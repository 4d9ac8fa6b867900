using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Tests.Receivers;

/// <summary>Waits for an outbox to drain after its events reached a <see cref="WebhookReceiver"/>.</summary>
internal static class OutboxDrain
{
    /// <summary>The pending events once the outbox has drained, or after 10 seconds: the receiver has an event a
    /// moment before the dispatcher marks it delivered, so a count taken at once can still see it pending.</summary>
    public static async Task<long> PendingAfterDrainAsync(this IOutboxStore outbox)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var pending = (await outbox.CountOutboxAsync(default)).Pending;
            if (pending == 0 || DateTime.UtcNow > deadline)
            {
                return pending;
            }

            await Task.Delay(20);
        }
    }
}
