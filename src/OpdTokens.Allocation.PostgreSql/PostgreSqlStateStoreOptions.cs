namespace OpdTokens.Allocation.PostgreSql;

/// <summary>Settings of <see cref="PostgreSqlStateStore"/>; checked all at once when the store is created or, through
/// <c>UsePostgreSqlStore</c>, when the host starts.</summary>
/// <remarks>This type is mutable and not thread-safe: set it up before the store is created.</remarks>
public sealed class PostgreSqlStateStoreOptions
{
    /// <summary>The configuration section the options are usually bound from (<c>OpdTokens:PostgreSql</c>).</summary>
    public const string DefaultSectionName = "OpdTokens:PostgreSql";

    /// <summary>Gets or sets the Npgsql connection string, such as
    /// <c>Host=db;Database=opd;Username=opd;Password=…</c>. Its <c>Command Timeout</c> bounds every statement,
    /// <c>Cancellation Timeout</c> how long a cancelled call waits for the server to confirm before the connection is
    /// dropped, and <c>Maximum Pool Size</c> (at least 2) the connections: commits use one at a time, loads the
    /// rest. Not needed when the store is given an <c>NpgsqlDataSource</c>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the schema of the store's tables: 1 to 63 lower-case letters, digits and underscores,
    /// starting with a letter or underscore.</summary>
    /// <value>The default value is <c>opdtokens</c>.</value>
    public string Schema { get; set; } = PostgreSqlStateStore.DefaultSchema;

    /// <summary>Gets or sets the most commits written in one round trip and one transaction, 1 to 10,000; 1 turns
    /// group commit off.</summary>
    /// <value>The default value is 256.</value>
    public int MaxBatchSize { get; set; } = PostgreSqlStateStoreDefaults.MaxBatchSize;

    /// <summary>Gets or sets about how many bytes of rows one round trip carries at most, 4 KiB to 256 MiB; a single
    /// larger change still commits, alone.</summary>
    /// <value>The default value is 4 MiB.</value>
    public int MaxBatchBytes { get; set; } = PostgreSqlStateStoreDefaults.MaxBatchBytes;

    /// <summary>Gets or sets how long a batch may take, from taking it to the server's acknowledgement, before it is
    /// logged as a slow commit; zero logs every batch, <see cref="Timeout.InfiniteTimeSpan"/> none.</summary>
    /// <value>The default value is 500 milliseconds.</value>
    public TimeSpan SlowCommitThreshold { get; set; } = PostgreSqlStateStoreDefaults.SlowCommitThreshold;

    /// <summary>Gets or sets whether <c>UsePostgreSqlStore</c> creates or migrates the schema when the host starts (a
    /// hosted start-up step), so an unreachable database stops start-up instead of failing the first request. Without
    /// a host, or when <see langword="false"/>, the schema is made on first use.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CreateSchemaOnStart { get; set; } = true;
}
