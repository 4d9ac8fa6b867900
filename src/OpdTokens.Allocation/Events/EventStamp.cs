namespace OpdTokens.Allocation;

/// <summary>Where and when a domain event happened, and who caused it.</summary>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
/// <param name="Partition">The doctor-day the event belongs to.</param>
/// <param name="Version">The doctor-day version the event's change committed.</param>
/// <param name="OccurredAt">When the change was made.</param>
/// <param name="Actor">Who issued the command, such as an API key's role; never personal data.</param>
public readonly record struct EventStamp(PartitionKey Partition, long Version, DateTimeOffset OccurredAt, string? Actor)
{
    /// <summary>Gets the event's place among the events of its change, from 1. With <see cref="Partition"/> and
    /// <see cref="Version"/> it names the event uniquely and orders the events of a doctor-day: by version, then by
    /// this number.</summary>
    public int Sequence { get; init; }
}
