using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Estimation;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation;

/// <summary>Reads estimated queues: the engine's published snapshot, the doctor's history and the clock, through the
/// configured <see cref="IWaitTimeEstimator"/>.</summary>
/// <remarks>
/// <para>Registered by <c>AddOpdTokenAllocation</c> with <see cref="LearnedWaitTimeEstimator"/> unless the builder's
/// <c>UseWaitTimeEstimator</c> chooses another. Hosts read queues here rather than with
/// <see cref="DoctorDay.GetQueueEntries"/>, which keeps the plain slot formula.</para>
/// <para>The history of a doctor is summarised from the <see cref="WaitTimeOptions.HistoryDays"/> stored days before
/// the day asked about, read once per doctor and day straight from the store (so past days do not crowd the
/// engine's cache) and kept while that day is yesterday or later. A store that cannot be read gives an empty history
/// for that read; it is tried again on the next.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class WaitTimeService
{
    private readonly IAllocationEngine _engine;
    private readonly IWaitTimeEstimator _estimator;
    private readonly IStateStore? _store;
    private readonly TimeProvider _time;
    private readonly int _historyDays;

    /// <summary>The history read per doctor-day; days before yesterday are dropped as new ones are read.</summary>
    private readonly ConcurrentDictionary<PartitionKey, DoctorHistory> _histories = new();

    /// <summary>Creates the service.</summary>
    /// <param name="engine">The engine whose snapshots are read.</param>
    /// <param name="estimator">The estimator; <see cref="LearnedWaitTimeEstimator"/> when <see langword="null"/>.</param>
    /// <param name="store">The store earlier days are read from; without one, no history is read.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="options">The settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="engine"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">A setting is not valid.</exception>
    public WaitTimeService(
        IAllocationEngine engine,
        IWaitTimeEstimator? estimator = null,
        IStateStore? store = null,
        TimeProvider? timeProvider = null,
        IOptions<WaitTimeOptions>? options = null
    )
    {
        ArgumentNullException.ThrowIfNull(engine);
        var settings = options?.Value ?? new WaitTimeOptions();
        WaitTimeOptions.ThrowIfInvalid(settings);
        _engine = engine;
        _estimator = estimator ?? LearnedWaitTimeEstimator.Instance;
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
        _historyDays = store is null ? 0 : settings.HistoryDays;
    }

    /// <summary>Gets the estimator in use.</summary>
    public IWaitTimeEstimator Estimator => _estimator;

    /// <summary>Estimates every waiting token of a doctor-day now.</summary>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The estimates of the engine's published snapshot.</returns>
    public async ValueTask<WaitTimeEstimates> GetEstimatesAsync(
        PartitionKey partition,
        CancellationToken cancellationToken = default
    )
    {
        var day = await _engine.GetDoctorDayAsync(partition, cancellationToken).ConfigureAwait(false);
        return await EstimateAsync(day, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Estimates every waiting token of a snapshot now.</summary>
    /// <param name="day">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the read of the history.</param>
    /// <returns>The estimates.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="day"/> is <see langword="null"/>.</exception>
    public ValueTask<WaitTimeEstimates> EstimateAsync(DoctorDay day, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(day);
        var history = HistoryAsync(day.Key, cancellationToken);
        return history.IsCompletedSuccessfully
            ? new(_estimator.Estimate(day, history.Result, _time.GetUtcNow()))
            : EstimateLaterAsync(day, history);
    }

    /// <summary>Reads a slot's queue with estimated starts.</summary>
    /// <param name="slotId">The slot.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The waiting tokens in rank order; empty when the slot does not exist or is closed.</returns>
    public async ValueTask<ImmutableArray<QueueEntry>> GetQueueAsync(
        SlotId slotId,
        CancellationToken cancellationToken = default
    )
    {
        var day = await _engine.GetDoctorDayAsync(slotId.Partition, cancellationToken).ConfigureAwait(false);
        var estimates = await EstimateAsync(day, cancellationToken).ConfigureAwait(false);
        return QueueOf(day, slotId, estimates);
    }

    /// <summary>Picks a slot's queue out of a day's estimates.</summary>
    /// <param name="day">The snapshot the estimates were made from.</param>
    /// <param name="slotId">The slot.</param>
    /// <param name="estimates">The estimates.</param>
    /// <returns>The slot's waiting tokens in rank order with their estimates.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static ImmutableArray<QueueEntry> QueueOf(DoctorDay day, SlotId slotId, WaitTimeEstimates estimates)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(estimates);
        var entries = ImmutableArray.CreateBuilder<QueueEntry>();
        foreach (var estimate in estimates.Entries)
        {
            if (estimate.SlotId == slotId && day.FindToken(estimate.TokenId) is { } token)
            {
                entries.Add(new QueueEntry(token, estimate.Position, estimate.EstimatedStart));
            }
        }

        return entries.DrainToImmutable();
    }

    private async ValueTask<WaitTimeEstimates> EstimateLaterAsync(DoctorDay day, ValueTask<DoctorHistory> history) =>
        _estimator.Estimate(day, await history.ConfigureAwait(false), _time.GetUtcNow());

    private ValueTask<DoctorHistory> HistoryAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        if (_historyDays == 0)
        {
            return new(DoctorHistory.Empty);
        }

        if (_histories.TryGetValue(partition, out var cached))
        {
            return new(cached);
        }

        return LoadHistoryAsync(partition, cancellationToken);
    }

    private async ValueTask<DoctorHistory> LoadHistoryAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        var days = new List<DoctorDay>(_historyDays);
        try
        {
            for (var back = 1; back <= _historyDays; back++)
            {
                var key = new PartitionKey(partition.Doctor, partition.Date.AddDays(-back));
                if (await _store!.LoadPartitionAsync(key, cancellationToken).ConfigureAwait(false) is { } day)
                {
                    days.Add(day);
                }
            }
        }
        catch (StateStoreException)
        {
            // Estimates are worth giving without the history; the next read tries the store again.
            return DoctorHistory.Empty;
        }

        var history = DoctorHistory.From(days);
        _histories[partition] = history;
        // Past days are rarely read again: keep the cache to the days that are still booked and worked.
        var yesterday = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime).AddDays(-2);
        foreach (var key in _histories.Keys)
        {
            if (key.Date < yesterday)
            {
                _histories.TryRemove(key, out _);
            }
        }

        return history;
    }
}
