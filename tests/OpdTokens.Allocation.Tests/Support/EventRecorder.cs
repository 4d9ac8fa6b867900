using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>An event sink that keeps every committed batch, for assertions.</summary>
internal sealed class EventRecorder : IAllocationEventSink
{
    private readonly ConcurrentQueue<ImmutableArray<AllocationEvent>> _batches = new();

    public IReadOnlyList<ImmutableArray<AllocationEvent>> Batches => [.. _batches];

    public IReadOnlyList<AllocationEvent> All => [.. _batches.SelectMany(b => b)];

    private readonly ConcurrentQueue<DoctorEvent> _doctorEvents = new();

    /// <summary>The registry's events, in the order they were raised.</summary>
    public IReadOnlyList<DoctorEvent> DoctorEvents => [.. _doctorEvents];

    public void OnCommitted(ImmutableArray<AllocationEvent> events) => _batches.Enqueue(events);

    public void OnDoctorChanged(DoctorEvent doctorEvent) => _doctorEvents.Enqueue(doctorEvent);

    /// <summary>The batches recorded since the last call, and forgets them.</summary>
    public IReadOnlyList<ImmutableArray<AllocationEvent>> Take()
    {
        var taken = new List<ImmutableArray<AllocationEvent>>();
        while (_batches.TryDequeue(out var batch))
        {
            taken.Add(batch);
        }

        return taken;
    }

    /// <summary>The events of the only batch recorded since the last call.</summary>
    public ImmutableArray<AllocationEvent> TakeSingleBatch() => Assert.Single(Take());
}
