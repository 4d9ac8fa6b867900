namespace OpdTokens.Allocation.Sqlite;

/// <summary>The defaults of <see cref="SqliteStateStoreOptions"/>, in one place.</summary>
internal static class SqliteStateStoreDefaults
{
    public const int MaxBatchSize = 256;

    public const int MaxBatchBytes = 4 * 1024 * 1024;

    public static readonly TimeSpan SlowCommitThreshold = TimeSpan.FromMilliseconds(500);
}
