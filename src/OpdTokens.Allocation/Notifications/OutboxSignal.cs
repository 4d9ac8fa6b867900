using System.Collections.Immutable;

namespace OpdTokens.Allocation.Notifications;

/// <summary>Wakes the dispatcher when this process commits events, so it need not wait for its next poll; an event
/// sink of the engine, kept apart from the dispatcher (which needs the engine itself).</summary>
internal sealed class OutboxSignal : IAllocationEventSink, IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void OnCommitted(ImmutableArray<AllocationEvent> events)
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke it first: one wake-up is enough.
            }
        }
    }

    public void Dispose() => _signal.Dispose();

    public Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        Task.WhenAny(_signal.WaitAsync(cancellationToken), Task.Delay(timeout, time, cancellationToken));
}
