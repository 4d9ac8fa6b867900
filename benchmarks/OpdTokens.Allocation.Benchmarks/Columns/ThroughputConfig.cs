using BenchmarkDotNet.Configs;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>Adds the throughput columns to <see cref="ThroughputBenchmarks"/>.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() =>
        AddColumn(
            ThroughputColumn.PerSecond,
            ThroughputColumn.GainOverOneThread,
            ThroughputColumn.GainOverSingleStripe
        );
}
