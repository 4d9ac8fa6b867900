namespace OpdTokens.Allocation;

/// <summary>Thrown by <see cref="CommandResult{T}.GetValueOrThrow"/> when a command failed.</summary>
public sealed class AllocationException : Exception
{
    /// <summary>Creates the exception for an error.</summary>
    /// <param name="error">The error.</param>
    public AllocationException(AllocationError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Message)
    {
        Error = error;
    }

    /// <summary>Gets the error.</summary>
    public AllocationError Error { get; }
}
