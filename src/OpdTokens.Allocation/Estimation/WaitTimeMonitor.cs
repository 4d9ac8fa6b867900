using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Estimation;

namespace OpdTokens.Allocation;

/// <summary>Recomputes a doctor-day's estimated starts after every committed change and raises
/// <see cref="EstimateChanged"/> for each waiting token whose estimate moved by more than
/// <see cref="WaitTimeMonitorOptions.Margin"/>, so a host can tell the patient.</summary>
/// <remarks>
/// <para>The monitor subscribes to the engine when it is created and unsubscribes when disposed; register it with
/// <c>AddWaitTimeMonitor</c> on the allocation builder and resolve it where you handle the event. Estimates are
/// compared with the ones the monitor itself computed last for the doctor-day, so the first change of a day it has
/// not seen yet only sets the baseline (call <see cref="RefreshAsync"/> to set it earlier). A token that has just
/// joined a queue has no earlier estimate and raises nothing.</para>
/// <para>Estimates also drift as time passes without any change (a consultation that runs long): call
/// <see cref="RefreshAsync"/> on a timer to catch that.</para>
/// <para>Recomputing runs on the thread that committed, after the engine's lock is released, and is one pass over
/// the day; with a store whose snapshot must be reloaded it continues asynchronously. Handlers run on that thread
/// too: keep them short. A handler that throws does not stop the others or the engine. Commits of one doctor-day
/// may be handled out of order; a result older than the one already held is dropped. This type is thread-safe.</para>
/// </remarks>
public sealed class WaitTimeMonitor : IAllocationEventSink, IDisposable
{
    private readonly WaitTimeService _service;
    private readonly TimeSpan _margin;
    private readonly IDisposable _subscription;

    /// <summary>The last estimates per doctor-day.</summary>
    private readonly ConcurrentDictionary<PartitionKey, WaitTimeEstimates> _last = new();

    private long _failures;

    /// <summary>Creates the monitor and subscribes it to the engine.</summary>
    /// <param name="engine">The engine to watch.</param>
    /// <param name="service">Computes the estimates.</param>
    /// <param name="options">The settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">A setting is not valid.</exception>
    public WaitTimeMonitor(
        IAllocationEngine engine,
        WaitTimeService service,
        IOptions<WaitTimeMonitorOptions>? options = null
    )
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(service);
        var settings = options?.Value ?? new WaitTimeMonitorOptions();
        WaitTimeMonitorOptions.ThrowIfInvalid(settings);
        _service = service;
        _margin = settings.Margin;
        _subscription = engine.Subscribe(this);
    }

    /// <summary>Raised for each waiting token whose estimated start moved by more than the margin.</summary>
    public event EventHandler<WaitEstimateChangedEventArgs>? EstimateChanged;

    /// <summary>Gets how many recomputations failed (the store could not be read, or a handler threw).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <inheritdoc />
    void IAllocationEventSink.OnCommitted(ImmutableArray<AllocationEvent> events)
    {
        if (events.IsDefaultOrEmpty)
        {
            return;
        }

        var refresh = RefreshSafelyAsync(events[0].Partition);
        if (!refresh.IsCompleted)
        {
            // Finishes on its own; RefreshSafelyAsync never throws.
            _ = refresh.AsTask();
        }
    }

    /// <summary>Recomputes a doctor-day's estimates now and raises <see cref="EstimateChanged"/> for those that
    /// moved by more than the margin since the monitor last computed them.</summary>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>How many estimates moved by more than the margin.</returns>
    public async ValueTask<int> RefreshAsync(PartitionKey partition, CancellationToken cancellationToken = default)
    {
        var fresh = await _service.GetEstimatesAsync(partition, cancellationToken).ConfigureAwait(false);
        return Compare(partition, fresh);
    }

    /// <summary>Unsubscribes from the engine.</summary>
    public void Dispose() => _subscription.Dispose();

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "Runs after the engine committed; a failure here must not reach the writer or go unobserved."
    )]
    private async ValueTask RefreshSafelyAsync(PartitionKey partition)
    {
        try
        {
            await RefreshAsync(partition, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _failures);
        }
    }

    private int Compare(PartitionKey partition, WaitTimeEstimates fresh)
    {
        WaitTimeEstimates? previous;
        while (true)
        {
            if (_last.TryGetValue(partition, out previous))
            {
                if (
                    previous.Version > fresh.Version
                    || (previous.Version == fresh.Version && previous.ComputedAt > fresh.ComputedAt)
                )
                {
                    return 0;
                }

                if (_last.TryUpdate(partition, fresh, previous))
                {
                    break;
                }
            }
            else if (_last.TryAdd(partition, fresh))
            {
                break;
            }
        }

        if (fresh.Entries.IsEmpty)
        {
            // Nobody waits: nothing to compare next time either.
            _last.TryRemove(new KeyValuePair<PartitionKey, WaitTimeEstimates>(partition, fresh));
        }

        return previous is null ? 0 : Raise(previous, fresh);
    }

    /// <summary>Raises the event for the tokens of both estimates that moved by more than the margin.</summary>
    private int Raise(WaitTimeEstimates previous, WaitTimeEstimates fresh)
    {
        var handler = EstimateChanged;
        var maxSequence = 0;
        foreach (var entry in previous.Entries)
        {
            maxSequence = Math.Max(maxSequence, entry.TokenId.Sequence);
        }

        // The earlier estimates by sequence number (index + 1 of the previous entry, 0 when absent): no dictionary
        // per commit.
        var index = ArrayPool<int>.Shared.Rent(maxSequence + 1);
        var moved = 0;
        try
        {
            index.AsSpan(0, maxSequence + 1).Clear();
            for (var i = 0; i < previous.Entries.Length; i++)
            {
                index[previous.Entries[i].TokenId.Sequence] = i + 1;
            }

            foreach (var current in fresh.Entries)
            {
                var sequence = current.TokenId.Sequence;
                if (sequence > maxSequence || index[sequence] == 0)
                {
                    continue;
                }

                var before = previous.Entries[index[sequence] - 1];
                var shift = current.EstimatedStart - before.EstimatedStart;
                if (shift.Duration() > _margin)
                {
                    moved++;
                    Notify(handler, new WaitEstimateChangedEventArgs(before, current, fresh.Version));
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(index);
        }

        return moved;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "One handler's failure must not stop the others or reach the engine."
    )]
    private void Notify(EventHandler<WaitEstimateChangedEventArgs>? handler, WaitEstimateChangedEventArgs args)
    {
        if (handler is null)
        {
            return;
        }

        foreach (var single in handler.GetInvocationList())
        {
            try
            {
                ((EventHandler<WaitEstimateChangedEventArgs>)single)(this, args);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }
}
