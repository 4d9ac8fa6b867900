using BenchmarkDotNet.Configs;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>Adds the ratio to the in-memory store to <see cref="StoreBenchmarks"/>.</summary>
public sealed class StoreConfig : ManualConfig
{
    public StoreConfig() => AddColumn(VersusInMemoryColumn.Instance);
}
