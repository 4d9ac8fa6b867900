using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Diagnostics;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Notifications;

/// <summary>Delivers the outbox's events to the notification channels: leases due doctor-day streams, delivers each
/// stream in order, marks events delivered, schedules retries with backoff, dead-letters what fails past the budget,
/// and prunes delivered events after the retention period.</summary>
/// <remarks>
/// <para>At least once: an event is marked delivered only after every channel accepted it, so a crash between the two
/// sends it again after the lease expires (the window is one attempt per channel; receivers drop the duplicate by the
/// event id). A stream stops at its first failed event until that event's next attempt, so a doctor-day's
/// notifications never overtake each other; different doctor-days go on in parallel.</para>
/// <para>Store failures (the database down) are logged and retried on the next round; nothing is lost, as the events
/// stay in the outbox.</para>
/// </remarks>
internal sealed partial class OutboxDispatcher : BackgroundService
{
    private readonly IOutboxStore _outbox;
    private readonly IStateStore _store;
    private readonly IAllocationEngine _engine;
    private readonly ImmutableArray<INotificationChannel> _channels;
    private readonly NotificationOptions _options;
    private readonly NotificationComposer _composer;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public OutboxDispatcher(
        IStateStore store,
        IAllocationEngine engine,
        IEnumerable<INotificationChannel> channels,
        IOptions<NotificationOptions> options,
        OutboxSignal signal,
        TimeProvider? timeProvider,
        ILogger<OutboxDispatcher>? logger
    )
    {
        _store = store;
        _outbox = OutboxOf(store);
        _outbox.EnableOutbox();
        _engine = engine;
        _channels = [.. channels];
        _options = options.Value;
        _composer = new NotificationComposer(_options);
        _signal = signal;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        Owner =
            _options.InstanceId
            ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
    }

    /// <summary>Gets the name this dispatcher leases under.</summary>
    public string Owner { get; }

    /// <summary>Gets the store's outbox, or explains why notifications cannot run on it.</summary>
    public static IOutboxStore OutboxOf(IStateStore store) =>
        store as IOutboxStore
        ?? throw new InvalidOperationException(
            $"Notifications need a store with an outbox (IOutboxStore), and {store.GetType().Name} has none: use the "
                + "in-memory, SQLite or PostgreSQL store, or implement IOutboxStore in yours."
        );

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_channels.IsEmpty)
        {
            LogNoChannels(_logger);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StateStoreException or TimeoutException or InvalidOperationException)
            {
                // The store is unreachable or refused a call: the events stay in the outbox; try again next round.
                LogRoundFailed(_logger, e.GetType().Name, e.Message);
            }

            if (!more)
            {
                try
                {
                    await _signal.WaitAsync(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: prune when due, lease due streams and deliver them.</summary>
    /// <returns>Whether the round leased a full batch, so another round should follow at once.</returns>
    internal async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now >= _nextPrune)
        {
            await _outbox
                .PruneDeliveredAsync(now - _options.DeliveredRetention, cancellationToken)
                .ConfigureAwait(false);
            var counts = await _outbox.CountOutboxAsync(cancellationToken).ConfigureAwait(false);
            NotificationMetrics.OnCounts(counts.Pending, counts.DeadLetters);
            _nextPrune = now + _options.PruneInterval;
        }

        var leaseUntil = now + _options.LeaseDuration;
        var leased = await _outbox
            .LeaseAsync(
                Owner,
                _options.MaxDoctorDaysPerRound,
                _options.MaxEventsPerDoctorDay,
                now,
                leaseUntil,
                cancellationToken
            )
            .ConfigureAwait(false);
        if (leased.IsEmpty)
        {
            return false;
        }

        var streams = leased.GroupBy(e => e.Id.Partition).Select(g => g.ToList()).ToList();
        await Parallel
            .ForEachAsync(
                streams,
                new ParallelOptions
                {
                    MaxDegreeOfParallelism = _options.MaxParallelDoctorDays,
                    CancellationToken = cancellationToken,
                },
                (stream, token) => new ValueTask(DeliverStreamAsync(stream, leaseUntil, token))
            )
            .ConfigureAwait(false);
        return streams.Count >= _options.MaxDoctorDaysPerRound
            || streams.Any(s => s.Count >= _options.MaxEventsPerDoctorDay);
    }

    /// <summary>Delivers one doctor-day's leased events in order, stopping at the first that fails.</summary>
    private async Task DeliverStreamAsync(
        List<OutboxEntry> stream,
        DateTimeOffset leaseUntil,
        CancellationToken cancellationToken
    )
    {
        var partition = stream[0].Id.Partition;
        DoctorDay? day = null;
        string? doctorName = null;
        foreach (var entry in stream)
        {
            // Leave what the lease may not cover to the next round rather than deliver past it.
            if (_time.GetUtcNow() + _options.AttemptTimeout > leaseUntil)
            {
                return;
            }

            var kind = EventKinds.Of(entry.Event);
            Notification? notification;
            if (EventKinds.TokenOf(entry.Event) is null)
            {
                notification = null;
            }
            else
            {
                if (day is null || day.Version < entry.Id.Version)
                {
                    day = await DayAtLeastAsync(partition, entry.Id.Version, cancellationToken).ConfigureAwait(false);
                    doctorName ??=
                        (await _engine.GetDoctorAsync(partition.Doctor, cancellationToken).ConfigureAwait(false))?.Name
                        ?? partition.Doctor.Value;
                }

                notification = _composer.Compose(entry, day, doctorName!);
            }

            if (notification is null)
            {
                await _outbox.MarkDeliveredAsync(entry.Id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                NotificationMetrics.OnSkipped(kind);
                continue;
            }

            var (failure, channel) = await SendAsync(notification, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (failure is null)
            {
                await _outbox.MarkDeliveredAsync(entry.Id, now, cancellationToken).ConfigureAwait(false);
                NotificationMetrics.OnDelivered(kind, now - entry.Event.OccurredAt);
                continue;
            }

            var text = Describe(failure);
            var permanent = failure is NotificationDeliveryException { IsPermanent: true };
            if (permanent || notification.Attempt >= _options.MaxAttempts)
            {
                await _outbox.DeadLetterAsync(entry.Id, now, text, cancellationToken).ConfigureAwait(false);
                NotificationMetrics.OnDeadLettered(kind, channel);
                LogDeadLettered(_logger, entry.Id, kind, notification.Attempt, channel, text);
                continue;
            }

            var delay = RetrySchedule.Delay(
                notification.Attempt,
                _options.RetryBaseDelay,
                _options.RetryMaxDelay,
                Random.Shared.NextDouble()
            );
            await _outbox
                .RecordFailureAsync(Owner, entry.Id, now + delay, text, cancellationToken)
                .ConfigureAwait(false);
            NotificationMetrics.OnFailedAttempt(kind, channel);
            LogAttemptFailed(_logger, entry.Id, kind, notification.Attempt, channel, text, delay);
            return;
        }
    }

    /// <summary>Sends to every channel, each attempt bounded by the attempt time-out.</summary>
    /// <returns>The first failure and its channel, or no failure.</returns>
    private async Task<(Exception? Failure, string Channel)> SendAsync(
        Notification notification,
        CancellationToken cancellationToken
    )
    {
        foreach (var channel in _channels)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_options.AttemptTimeout);
            try
            {
                await channel.SendAsync(notification, attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (
                    new TimeoutException($"{channel.Name} did not answer within {_options.AttemptTimeout}."),
                    channel.Name
                );
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return (e, channel.Name);
            }
        }

        return (null, string.Empty);
    }

    /// <summary>The doctor-day as of at least a version: the engine's snapshot when it is recent enough, else the
    /// store's (another instance may have committed the event).</summary>
    private async Task<DoctorDay> DayAtLeastAsync(
        PartitionKey partition,
        long version,
        CancellationToken cancellationToken
    )
    {
        var day = await _engine.GetDoctorDayAsync(partition, cancellationToken).ConfigureAwait(false);
        if (day.Version >= version)
        {
            return day;
        }

        return await _store.LoadPartitionAsync(partition, cancellationToken).ConfigureAwait(false) ?? day;
    }

    /// <summary>A failure's text for the outbox and the log: the type and message, bounded, never a payload.</summary>
    private static string Describe(Exception failure)
    {
        var text = failure.GetType().Name + ": " + failure.Message;
        return text.Length <= 500 ? text : text[..500];
    }

    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Warning,
        Message = "No notification channel is registered: events are marked delivered without being sent."
    )]
    private static partial void LogNoChannels(ILogger logger);

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Warning,
        Message = "The outbox round failed ({ErrorType}): {Error}; retrying next round."
    )]
    private static partial void LogRoundFailed(ILogger logger, string errorType, string error);

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Information,
        Message = "Notification {EventId} ({Kind}) attempt {Attempt} failed on {Channel}: {Error}; next attempt in {Delay}."
    )]
    private static partial void LogAttemptFailed(
        ILogger logger,
        AllocationEventId eventId,
        string kind,
        int attempt,
        string channel,
        string error,
        TimeSpan delay
    );

    [LoggerMessage(
        EventId = 4,
        Level = LogLevel.Error,
        Message = "Notification {EventId} ({Kind}) dead-lettered after attempt {Attempt} on {Channel}: {Error}."
    )]
    private static partial void LogDeadLettered(
        ILogger logger,
        AllocationEventId eventId,
        string kind,
        int attempt,
        string channel,
        string error
    );
}
