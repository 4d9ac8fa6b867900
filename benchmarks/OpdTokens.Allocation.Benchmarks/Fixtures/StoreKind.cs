namespace OpdTokens.Allocation.Benchmarks.Fixtures;

/// <summary>The stores the store benchmarks compare.</summary>
public enum StoreKind
{
    /// <summary><c>InMemoryStateStore</c>, the engine's default: the baseline.</summary>
    InMemory,

    /// <summary><c>SqliteStateStore</c> on a file in a temporary folder (WAL, <c>synchronous = FULL</c>).</summary>
    Sqlite,

    /// <summary><c>PostgreSqlStateStore</c> on the process's PostgreSQL server, in a schema of its own.</summary>
    PostgreSql,
}
