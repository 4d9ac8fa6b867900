using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>Throughput figures of <see cref="SharedPostgreSqlBenchmarks"/>, from the measured mean time per
/// allocation (each allocation is one commit): commits per second, all instances together, and the gain over the
/// class's baseline (one instance, one client).</summary>
public sealed class CommitThroughputColumn : IColumn
{
    private readonly bool _gain;

    private CommitThroughputColumn(bool gain) => _gain = gain;

    public static CommitThroughputColumn PerSecond { get; } = new(gain: false);

    public static CommitThroughputColumn GainOverOneInstance { get; } = new(gain: true);

    public string Id => nameof(CommitThroughputColumn) + (_gain ? "Gain" : "PerSecond");

    public string ColumnName => _gain ? "vs 1 instance" : "Commits/s";

    public string Legend =>
        _gain
            ? "Commits per second over the baseline's (one instance, one client)"
            : "Committed allocations per second, all instances and clients together (1 / mean time per allocation)";

    public UnitType UnitType => UnitType.Dimensionless;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _gain ? 1 : 0;

    public bool IsNumeric => true;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        if (PerSecondOf(summary, benchmarkCase) is not { } throughput)
        {
            return "?";
        }

        if (!_gain)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{throughput:N0}");
        }

        return PerSecondOf(summary, summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase))) is { } reference
            ? string.Create(CultureInfo.InvariantCulture, $"{throughput / reference:0.00}x")
            : "?";
    }

    public override string ToString() => ColumnName;

    private static double? PerSecondOf(Summary summary, BenchmarkCase? benchmarkCase) =>
        benchmarkCase is not null && summary[benchmarkCase]?.ResultStatistics is { Mean: > 0 } statistics
            ? 1e9 / statistics.Mean
            : null;
}
