namespace OpdTokens.Allocation.PostgreSql;

/// <summary>The defaults of <see cref="PostgreSqlStateStoreOptions"/>, in one place.</summary>
internal static class PostgreSqlStateStoreDefaults
{
    public const int MaxBatchSize = 256;

    public const int MaxBatchBytes = 4 * 1024 * 1024;

    public static readonly TimeSpan SlowCommitThreshold = TimeSpan.FromMilliseconds(500);
}
