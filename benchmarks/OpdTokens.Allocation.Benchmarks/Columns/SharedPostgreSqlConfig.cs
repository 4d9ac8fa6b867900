using BenchmarkDotNet.Configs;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>Adds the commit throughput and conflict columns to <see cref="SharedPostgreSqlBenchmarks"/>.</summary>
public sealed class SharedPostgreSqlConfig : ManualConfig
{
    public SharedPostgreSqlConfig() =>
        AddColumn(
            CommitThroughputColumn.PerSecond,
            CommitThroughputColumn.GainOverOneInstance,
            ConflictsColumn.Instance
        );
}
