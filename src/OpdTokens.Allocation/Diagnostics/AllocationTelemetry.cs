namespace OpdTokens.Allocation.Diagnostics;

/// <summary>Names of the engine's meter, activity source, instruments and tags, for hosts that collect them.</summary>
/// <remarks>
/// <para>Subscribe with, for example, <c>builder.AddMeter(AllocationTelemetry.MeterName)</c> in OpenTelemetry or a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>. Tags never carry personal data.</para>
/// </remarks>
public static class AllocationTelemetry
{
    /// <summary>The name of the meter and the activity source: <c>OpdTokens.Allocation</c>.</summary>
    public const string MeterName = "OpdTokens.Allocation";

    /// <summary>The name of the activity source: <c>OpdTokens.Allocation</c>.</summary>
    public const string ActivitySourceName = MeterName;

    /// <summary>Counter of allocation requests, tagged with <see cref="OutcomeTag"/>.</summary>
    public const string Allocations = "opdtokens.allocation.allocations";

    /// <summary>Counter of tokens bumped by higher-ranked requests.</summary>
    public const string Bumps = "opdtokens.allocation.bumps";

    /// <summary>Counter of emergencies placed over capacity.</summary>
    public const string Overflows = "opdtokens.allocation.overflows";

    /// <summary>Counter of cancelled tokens.</summary>
    public const string Cancellations = "opdtokens.allocation.cancellations";

    /// <summary>Counter of no-show tokens.</summary>
    public const string NoShows = "opdtokens.allocation.no_shows";

    /// <summary>Counter of waitlisted tokens promoted into a seat.</summary>
    public const string Promotions = "opdtokens.allocation.promotions";

    /// <summary>Counter of store commits refused for a stale version (each is retried up to the bound).</summary>
    public const string Conflicts = "opdtokens.allocation.conflicts";

    /// <summary>Counter of event sinks that threw.</summary>
    public const string EventSinkFailures = "opdtokens.allocation.event_sink_failures";

    /// <summary>The name of the notification dispatcher's meter: <c>OpdTokens.Allocation.Notifications</c>.</summary>
    public const string NotificationsMeterName = "OpdTokens.Allocation.Notifications";

    /// <summary>Counter of events delivered to every notification channel, tagged with <see cref="KindTag"/>.</summary>
    public const string NotificationsDelivered = "opdtokens.notifications.delivered";

    /// <summary>Counter of events that notify nobody (kind not notified, no phone, no consent, no template).</summary>
    public const string NotificationsSkipped = "opdtokens.notifications.skipped";

    /// <summary>Counter of failed delivery attempts that will be retried, tagged with <see cref="KindTag"/> and
    /// <see cref="ChannelTag"/>.</summary>
    public const string NotificationsFailedAttempts = "opdtokens.notifications.failed_attempts";

    /// <summary>Counter of events moved to the dead letters, tagged with <see cref="KindTag"/> and
    /// <see cref="ChannelTag"/>.</summary>
    public const string NotificationsDeadLettered = "opdtokens.notifications.dead_lettered";

    /// <summary>Histogram of seconds from an event's commit to its delivery.</summary>
    public const string NotificationsDeliveryLag = "opdtokens.notifications.delivery_lag";

    /// <summary>Gauge of events in the outbox not delivered yet, as the dispatcher last counted them.</summary>
    public const string NotificationsPending = "opdtokens.notifications.pending";

    /// <summary>Gauge of events in the dead letters, as the dispatcher last counted them.</summary>
    public const string NotificationsDeadLetters = "opdtokens.notifications.dead_letters";

    /// <summary>The tag of the notification instruments naming the event kind, such as <c>token_bumped</c>.</summary>
    public const string KindTag = "kind";

    /// <summary>The tag of the notification instruments naming the channel, such as <c>webhook</c>.</summary>
    public const string ChannelTag = "channel";

    /// <summary>The tag of <see cref="Allocations"/>: <c>allocated</c>, <c>bumped_other</c>, <c>overflow</c>,
    /// <c>waitlisted</c> or <c>rejected</c>.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Histogram of the time a doctor-day or registry command takes in the engine, in seconds, by
    /// <see cref="CommandTag"/> and <see cref="ResultTag"/>.</summary>
    public const string CommandDuration = "opdtokens.allocation.command.duration";

    /// <summary>Histogram of the time the store takes to commit one change, in seconds, by <see cref="StoreTag"/>.</summary>
    public const string StoreCommitDuration = "opdtokens.allocation.store.commit.duration";

    /// <summary>Gauge of the doctor-days the engine holds in its cache.</summary>
    public const string CachedDoctorDays = "opdtokens.allocation.cached_doctor_days";

    /// <summary>Tag naming a command, in snake case: <c>allocate</c>, <c>change_status</c>, <c>reallocate</c>,
    /// <c>report_delay</c>, <c>add_slot</c>, <c>close_slot</c>, <c>resize_slot</c>, <c>register_doctor</c>,
    /// <c>update_doctor</c>, <c>deactivate_doctor</c>.</summary>
    public const string CommandTag = "opdtokens.command";

    /// <summary>Tag of a command's result: <c>success</c>, or the error code in snake case (such as
    /// <c>slot_full</c>), or <c>exception</c> when the store failed.</summary>
    public const string ResultTag = "opdtokens.result";

    /// <summary>Tag naming the store type, such as <c>InMemoryStateStore</c>.</summary>
    public const string StoreTag = "opdtokens.store";
}
