namespace OpdTokens.Allocation.Sqlite;

/// <summary>Settings of <see cref="SqliteStateStore"/>; checked all at once when the store is created or, through
/// <c>UseSqliteStore</c>, when the host starts.</summary>
/// <remarks>This type is mutable and not thread-safe: set it up before the store is created.</remarks>
public sealed class SqliteStateStoreOptions
{
    /// <summary>The configuration section the options are usually bound from (<c>OpdTokens:Sqlite</c>).</summary>
    public const string DefaultSectionName = "OpdTokens:Sqlite";

    /// <summary>Gets or sets the Microsoft.Data.Sqlite connection string naming the database file, such as
    /// <c>Data Source=opd.db</c>; the file is created if missing. Its <c>Default Timeout</c> (30 seconds unless set)
    /// bounds how long a commit waits for another process's write lock.</summary>
    /// <value>The default value is <see langword="null"/>: it must be set.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the most commits written in one transaction, 1 to 10,000; 1 turns group commit
    /// off.</summary>
    /// <value>The default value is 256.</value>
    public int MaxBatchSize { get; set; } = SqliteStateStoreDefaults.MaxBatchSize;

    /// <summary>Gets or sets about how many bytes of rows one transaction writes at most, 4 KiB to 256 MiB; a single
    /// larger change still commits, alone.</summary>
    /// <value>The default value is 4 MiB.</value>
    public int MaxBatchBytes { get; set; } = SqliteStateStoreDefaults.MaxBatchBytes;

    /// <summary>Gets or sets how long a batch may take, from taking it to its flush, before it is logged as a slow
    /// commit; zero logs every batch, <see cref="Timeout.InfiniteTimeSpan"/> none.</summary>
    /// <value>The default value is 500 milliseconds.</value>
    public TimeSpan SlowCommitThreshold { get; set; } = SqliteStateStoreDefaults.SlowCommitThreshold;

    /// <summary>Gets or sets whether <c>UseSqliteStore</c> creates or migrates the tables when the host starts (a
    /// hosted start-up step), so a file the store cannot use stops start-up instead of failing the first request.
    /// Without a host, or when <see langword="false"/>, the tables are made on first use.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CreateSchemaOnStart { get; set; } = true;
}
