namespace OpdTokens.Allocation.Storage;

/// <summary>Settings of <see cref="InMemoryStateStore"/>.</summary>
/// <remarks>Not thread-safe; the store copies the values when it is created.</remarks>
public sealed class InMemoryStateStoreOptions
{
    /// <summary>Gets or sets how many days before today (UTC) the store keeps a doctor-day, 1 to 3650; older days are
    /// dropped, so a long-running process does not grow without bound. Nothing in memory survives a restart anyway:
    /// keep what the host still reads (yesterday's analytics, say).</summary>
    /// <value>The default value is 7.</value>
    public int RetentionDays { get; set; } = 7;
}
