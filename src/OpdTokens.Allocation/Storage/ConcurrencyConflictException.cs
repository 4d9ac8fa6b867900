namespace OpdTokens.Allocation.Storage;

/// <summary>Thrown by a store when a commit's expected version is stale or a new doctor's id is taken; the store
/// changed nothing.</summary>
/// <remarks>The engine handles it by reloading and re-running the command a bounded number of times.</remarks>
public sealed class ConcurrencyConflictException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ConcurrencyConflictException()
        : base("Another writer changed the data first.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What conflicted.</param>
    public ConcurrencyConflictException(string message)
        : base(message) { }

    /// <summary>Creates the exception with a message and the store's own error.</summary>
    /// <param name="message">What conflicted.</param>
    /// <param name="innerException">The store's error.</param>
    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException) { }

    /// <summary>Creates the exception for a stale partition commit.</summary>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="expectedVersion">The version the commit expected.</param>
    /// <param name="actualVersion">The stored version, when known.</param>
    public ConcurrencyConflictException(PartitionKey partition, long expectedVersion, long? actualVersion)
        : base(
            $"Doctor-day {partition} was changed by another writer: expected version {expectedVersion}, found {actualVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}."
        )
    {
        Partition = partition;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the doctor-day of a stale commit, if that was the conflict.</summary>
    public PartitionKey? Partition { get; }

    /// <summary>Gets the version the commit expected.</summary>
    public long? ExpectedVersion { get; }

    /// <summary>Gets the stored version, when known.</summary>
    public long? ActualVersion { get; }
}
