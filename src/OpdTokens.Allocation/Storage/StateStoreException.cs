namespace OpdTokens.Allocation;

/// <summary>Thrown by a store when it cannot complete an operation for a reason other than a version conflict: the
/// database is unreachable, the connection dropped, the file is locked or read-only.</summary>
/// <remarks>
/// <para>The engine lets it through to the caller and publishes nothing, so the engine's visible state is as before
/// the command. A host maps it to "service unavailable" and may retry; an allocation retried with the same
/// idempotency key is safe even when the failed commit did reach the database.</para>
/// <para><see cref="Exception.InnerException"/> holds the database's own error.</para>
/// </remarks>
public sealed class StateStoreException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public StateStoreException()
        : base("The state store could not complete the operation.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public StateStoreException(string message)
        : base(message) { }

    /// <summary>Creates the exception with a message and the database's own error.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The database's error.</param>
    public StateStoreException(string message, Exception innerException)
        : base(message, innerException) { }

    /// <summary>Creates the exception for a failed operation on one doctor-day.</summary>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The database's error.</param>
    public StateStoreException(PartitionKey partition, string message, Exception innerException)
        : base(message, innerException) => Partition = partition;

    /// <summary>Gets the doctor-day the failed operation was about, if it was about one.</summary>
    public PartitionKey? Partition { get; }
}
