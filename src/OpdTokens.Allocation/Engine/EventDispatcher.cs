using System.Collections.Immutable;
using OpdTokens.Allocation.Diagnostics;

namespace OpdTokens.Allocation;

/// <summary>Hands every committed change's events to the sinks registered at construction and to run-time
/// subscribers; a sink that throws is counted and skipped, since the change is committed whatever it does.</summary>
internal sealed class EventDispatcher(
    IEnumerable<IAllocationEventSink>? sinks,
    AllocationMetrics metrics,
    Microsoft.Extensions.Logging.ILogger logger
)
{
    /// <summary>Sinks registered at construction.</summary>
    private readonly ImmutableArray<IAllocationEventSink> _sinks = sinks is null ? [] : [.. sinks];

    /// <summary>Sinks subscribed at run time.</summary>
    private ImmutableArray<IAllocationEventSink> _subscribers = [];

    public void Deliver(ImmutableArray<AllocationEvent> events)
    {
        foreach (var sink in _sinks)
        {
            Deliver(sink, events);
        }

        // An ImmutableArray is one reference, so this read is atomic.
        foreach (var sink in _subscribers)
        {
            Deliver(sink, events);
        }
    }

    public void Deliver(DoctorEvent doctorEvent)
    {
        foreach (var sink in _sinks)
        {
            Deliver(sink, doctorEvent);
        }

        foreach (var sink in _subscribers)
        {
            Deliver(sink, doctorEvent);
        }
    }

    public IDisposable Subscribe(IAllocationEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ImmutableInterlocked.Update(ref _subscribers, static (list, s) => list.Add(s), sink);
        return new Subscription(this, sink);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "The change is committed; a failing sink must not turn it into a failure for the caller."
    )]
    private void Deliver(IAllocationEventSink sink, ImmutableArray<AllocationEvent> events)
    {
        try
        {
            sink.OnCommitted(events);
        }
        catch (Exception e)
        {
            metrics.SinkFailure();
            EngineLog.SinkFailed(logger, sink, events[0], e);
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "The registry change is saved; a failing sink must not turn it into a failure for the caller."
    )]
    private void Deliver(IAllocationEventSink sink, DoctorEvent doctorEvent)
    {
        try
        {
            sink.OnDoctorChanged(doctorEvent);
        }
        catch (Exception e)
        {
            metrics.SinkFailure();
            EngineLog.DoctorSinkFailed(logger, sink, doctorEvent, e);
        }
    }

    private void Unsubscribe(IAllocationEventSink sink) =>
        ImmutableInterlocked.Update(ref _subscribers, static (list, s) => list.Remove(s), sink);

    /// <summary>Removes a subscriber once.</summary>
    private sealed class Subscription(EventDispatcher dispatcher, IAllocationEventSink sink) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispatcher.Unsubscribe(sink);
            }
        }
    }
}
