namespace OpdTokens.Allocation;

/// <summary>The base of every domain event: the audit trail and the feed for live queue displays.</summary>
/// <remarks>
/// <para>Events carry ids, never a patient's personal data. The events of one command share a
/// <see cref="Version"/>; a subscriber that needs order across commands sorts by it within a partition.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Stamp">Where and when the event happened, and who caused it.</param>
public abstract record AllocationEvent(EventStamp Stamp)
{
    /// <summary>Gets the doctor-day the event belongs to.</summary>
    public PartitionKey Partition => Stamp.Partition;

    /// <summary>Gets the doctor-day version the event's change committed.</summary>
    public long Version => Stamp.Version;

    /// <summary>Gets when the change was made.</summary>
    public DateTimeOffset OccurredAt => Stamp.OccurredAt;

    /// <summary>Gets who issued the command.</summary>
    public string? Actor => Stamp.Actor;
}
