#region audit-sink
using System.Collections.Immutable;
using System.Threading.Channels;
using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets;

/// <summary>Hands every committed event to a channel; a background reader writes the audit trail.</summary>
public sealed class AuditTrailSink : IAllocationEventSink
{
    private readonly Channel<AllocationEvent> _events = Channel.CreateUnbounded<AllocationEvent>(
        new UnboundedChannelOptions { SingleReader = true }
    );

    public ChannelReader<AllocationEvent> Reader => _events.Reader;

    // Called after the commit, outside the doctor-day's lock, on the thread that ran the command: never block here.
    public void OnCommitted(ImmutableArray<AllocationEvent> events)
    {
        foreach (var domainEvent in events)
        {
            _events.Writer.TryWrite(domainEvent);
        }
    }
}
#endregion
