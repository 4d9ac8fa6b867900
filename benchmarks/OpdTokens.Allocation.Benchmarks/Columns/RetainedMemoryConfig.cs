using BenchmarkDotNet.Configs;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>Adds the retained-memory column to a benchmark class.</summary>
public sealed class RetainedMemoryConfig : ManualConfig
{
    public RetainedMemoryConfig() => AddColumn(new RetainedBytesPerTokenColumn());
}
