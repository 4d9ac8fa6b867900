namespace OpdTokens.Allocation;

/// <summary>The engine's published snapshot of one doctor-day; readers take it without a lock.</summary>
internal sealed class PartitionCell
{
    /// <summary>The latest known snapshot, or null after a conflict until it is reloaded.</summary>
    private DoctorDay? _snapshot;

    /// <summary>When the snapshot was published, as a <see cref="TimeProvider"/> timestamp.</summary>
    private long _publishedAt;

    // Cells of doctors that different threads write are often neighbours on the heap.
#pragma warning disable CS0169, IDE0051 // never read: it only takes space
    private readonly CacheLinePadding _padding;
#pragma warning restore CS0169, IDE0051

    public DoctorDay? Snapshot => Volatile.Read(ref _snapshot);

    public long PublishedAt => Volatile.Read(ref _publishedAt);

    /// <summary>Publishes a snapshot unless a newer one is already published.</summary>
    public DoctorDay Publish(DoctorDay day, long timestamp)
    {
        while (true)
        {
            var current = Volatile.Read(ref _snapshot);
            if (current is not null && current.Version > day.Version)
            {
                return current;
            }

            if (Interlocked.CompareExchange(ref _snapshot, day, current) == current)
            {
                Volatile.Write(ref _publishedAt, timestamp);
                return day;
            }
        }
    }

    /// <summary>Forgets the snapshot so the next access reloads it from the store.</summary>
    public void Invalidate() => Volatile.Write(ref _snapshot, null);
}
