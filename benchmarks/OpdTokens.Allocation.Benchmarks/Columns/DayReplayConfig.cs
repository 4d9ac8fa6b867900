using BenchmarkDotNet.Configs;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>Adds the day-replay columns: operations per second and the decisions made.</summary>
public sealed class DayReplayConfig : ManualConfig
{
    public DayReplayConfig() => AddColumn(ReplayColumn.OperationsPerSecond, ReplayColumn.Outcome);
}
