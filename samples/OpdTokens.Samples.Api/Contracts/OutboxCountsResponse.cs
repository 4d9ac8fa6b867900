namespace OpdTokens.Samples.Api.Contracts;

/// <summary>The notification outbox by state; <c>enabled</c> tells whether commits write to it (notifications are
/// on).</summary>
internal sealed record OutboxCountsResponse(bool Enabled, long Pending, long Delivered, long DeadLetters);
