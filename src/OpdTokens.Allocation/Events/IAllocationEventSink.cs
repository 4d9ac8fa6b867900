using System.Collections.Immutable;

namespace OpdTokens.Allocation;

/// <summary>Receives the domain events of every committed change: the audit trail and live displays subscribe here.</summary>
/// <remarks>
/// <para>The engine calls <see cref="OnCommitted"/> after the change is committed to the store and after the
/// partition's lock is released, on the thread that ran the command, so a slow sink slows that caller only and
/// never blocks other writers. Keep it fast: hand work to a queue or channel.</para>
/// <para>A sink that throws does not undo the change; the failure is counted on the
/// <c>opdtokens.allocation.event_sink_failures</c> counter. Calls for different doctor-days may run concurrently,
/// so implementations must be thread-safe.</para>
/// </remarks>
public interface IAllocationEventSink
{
    /// <summary>Handles the events of one committed change, in the order they happened.</summary>
    /// <param name="events">The events; all share one partition and version.</param>
    void OnCommitted(ImmutableArray<AllocationEvent> events);

    /// <summary>Handles a change of the doctor registry, once it is saved. The default does nothing, so sinks that
    /// only follow doctor-days need not implement it.</summary>
    /// <param name="doctorEvent">What changed: <see cref="DoctorRegistered"/>, <see cref="DoctorUpdated"/> or
    /// <see cref="DoctorDeactivated"/>.</param>
    void OnDoctorChanged(DoctorEvent doctorEvent) { }
}
