using System.Diagnostics.Metrics;

namespace OpdTokens.Allocation.Diagnostics;

/// <summary>The notification dispatcher's instruments, on a meter of their own
/// (<see cref="AllocationTelemetry.NotificationsMeterName"/>).</summary>
/// <remarks>Tags carry the event kind and the channel, never personal data. The gauges show the last counts a
/// dispatcher of this process read from its store. Thread-safe.</remarks>
internal static class NotificationMetrics
{
    private static readonly Meter Meter = new(
        AllocationTelemetry.NotificationsMeterName,
        typeof(NotificationMetrics).Assembly.GetName().Version?.ToString()
    );

    private static readonly Counter<long> Delivered = Meter.CreateCounter<long>(
        AllocationTelemetry.NotificationsDelivered,
        "{event}",
        "Events delivered to every notification channel."
    );

    private static readonly Counter<long> Skipped = Meter.CreateCounter<long>(
        AllocationTelemetry.NotificationsSkipped,
        "{event}",
        "Events that notify nobody (kind not notified, no phone, no consent or no template)."
    );

    private static readonly Counter<long> FailedAttempts = Meter.CreateCounter<long>(
        AllocationTelemetry.NotificationsFailedAttempts,
        "{attempt}",
        "Delivery attempts that failed and will be retried."
    );

    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        AllocationTelemetry.NotificationsDeadLettered,
        "{event}",
        "Events moved to the dead letters after the retry budget or a permanent refusal."
    );

    private static readonly Histogram<double> Lag = DurationHistograms.Create(
        Meter,
        AllocationTelemetry.NotificationsDeliveryLag,
        "Time from an event's commit to its delivery.",
        DurationHistograms.DeliveryLag
    );

    private static long _pending;
    private static long _deadLetters;

    static NotificationMetrics()
    {
        Meter.CreateObservableGauge(
            AllocationTelemetry.NotificationsPending,
            () => Volatile.Read(ref _pending),
            "{event}",
            "Events in the outbox not delivered yet."
        );
        Meter.CreateObservableGauge(
            AllocationTelemetry.NotificationsDeadLetters,
            () => Volatile.Read(ref _deadLetters),
            "{event}",
            "Events in the dead letters."
        );
    }

    public static void OnDelivered(string kind, TimeSpan lag)
    {
        var tag = new KeyValuePair<string, object?>(AllocationTelemetry.KindTag, kind);
        Delivered.Add(1, tag);
        Lag.Record(Math.Max(0, lag.TotalSeconds), tag);
    }

    public static void OnSkipped(string kind) =>
        Skipped.Add(1, new KeyValuePair<string, object?>(AllocationTelemetry.KindTag, kind));

    public static void OnFailedAttempt(string kind, string channel) =>
        FailedAttempts.Add(
            1,
            new KeyValuePair<string, object?>(AllocationTelemetry.KindTag, kind),
            new KeyValuePair<string, object?>(AllocationTelemetry.ChannelTag, channel)
        );

    public static void OnDeadLettered(string kind, string channel) =>
        DeadLettered.Add(
            1,
            new KeyValuePair<string, object?>(AllocationTelemetry.KindTag, kind),
            new KeyValuePair<string, object?>(AllocationTelemetry.ChannelTag, channel)
        );

    public static void OnCounts(long pending, long deadLetters)
    {
        Volatile.Write(ref _pending, pending);
        Volatile.Write(ref _deadLetters, deadLetters);
    }
}
