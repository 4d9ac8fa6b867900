using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Live;

/// <summary>Fans the engine's committed changes out to live queue streams, per doctor-day.</summary>
/// <remarks>
/// <para>The engine calls <see cref="OnCommitted"/> on the writer's thread after the partition lock is released; it
/// only signals each listener's channel with <see cref="ChannelWriter{T}.TryWrite"/>, which never waits. A listener's
/// channel holds one signal and drops older ones, so a slow display coalesces a burst of changes into one refresh of
/// the latest snapshot instead of slowing a writer.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
internal sealed class QueueFeed : IAllocationEventSink
{
    /// <summary>Listeners by doctor-day; each array is replaced, never changed, so readers need no lock.</summary>
    private readonly ConcurrentDictionary<PartitionKey, ImmutableArray<Channel<long>>> _listeners = new();

    public void OnCommitted(ImmutableArray<AllocationEvent> events)
    {
        if (events.IsEmpty || !_listeners.TryGetValue(events[0].Partition, out var channels))
        {
            return;
        }

        foreach (var channel in channels)
        {
            channel.Writer.TryWrite(events[0].Version);
        }
    }

    /// <summary>Listens to the changes of one doctor-day until the subscription is disposed.</summary>
    public Subscription Listen(PartitionKey partition)
    {
        var channel = Channel.CreateBounded<long>(
            new BoundedChannelOptions(1)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            }
        );
        _listeners.AddOrUpdate(partition, _ => [channel], (_, existing) => existing.Add(channel));
        return new Subscription(this, partition, channel);
    }

    private void Remove(PartitionKey partition, Channel<long> channel)
    {
        while (_listeners.TryGetValue(partition, out var existing))
        {
            var remaining = existing.Remove(channel);
            var replaced = remaining.IsEmpty
                ? _listeners.TryRemove(
                    new KeyValuePair<PartitionKey, ImmutableArray<Channel<long>>>(partition, existing)
                )
                : _listeners.TryUpdate(partition, remaining, existing);
            if (replaced)
            {
                break;
            }
        }

        channel.Writer.TryComplete();
    }

    /// <summary>One listener: <see cref="Changes"/> yields whenever its doctor-day changed since the last read.</summary>
    internal sealed class Subscription(QueueFeed feed, PartitionKey partition, Channel<long> channel) : IDisposable
    {
        private int _disposed;

        public ChannelReader<long> Changes => channel.Reader;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Remove(partition, channel);
            }
        }
    }
}
