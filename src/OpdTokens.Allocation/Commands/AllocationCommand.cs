namespace OpdTokens.Allocation;

/// <summary>The base of every command the engine runs: commands are plain immutable data.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public abstract record AllocationCommand
{
    /// <summary>Gets who issued the command (such as the role of an API key); copied onto the domain events for
    /// the audit trail. Must not contain personal data.</summary>
    public string? Actor { get; init; }
}
