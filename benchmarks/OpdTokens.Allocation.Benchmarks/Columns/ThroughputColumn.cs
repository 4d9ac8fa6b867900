using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>Throughput figures of the multi-threaded benchmarks, from the measured mean time per operation:
/// operations per second, the gain over the class's baseline (one thread) with the same parameters, and, for
/// <see cref="ThroughputBenchmarks"/>, the gain over the same case on the single-stripe engine (the global-lock
/// baseline).</summary>
public sealed class ThroughputColumn : IColumn
{
    private readonly Kind _kind;

    private ThroughputColumn(Kind kind) => _kind = kind;

    public enum Kind
    {
        PerSecond,
        GainOverOneThread,
        GainOverSingleStripe,
    }

    public static ThroughputColumn PerSecond { get; } = new(Kind.PerSecond);

    public static ThroughputColumn GainOverOneThread { get; } = new(Kind.GainOverOneThread);

    public static ThroughputColumn GainOverSingleStripe { get; } = new(Kind.GainOverSingleStripe);

    public string Id => nameof(ThroughputColumn) + _kind;

    public string ColumnName =>
        _kind switch
        {
            Kind.PerSecond => "Ops/s",
            Kind.GainOverOneThread => "vs 1 thread",
            _ => "vs 1 stripe",
        };

    public string Legend =>
        _kind switch
        {
            Kind.PerSecond => "Operations (allocations) per second, all threads together (1 / mean time per operation)",
            Kind.GainOverOneThread => "Throughput over the one-thread baseline with the same parameters",
            _ => "Throughput over the same case on the single-stripe (global lock) engine",
        };

    public UnitType UnitType => UnitType.Dimensionless;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)_kind;

    public bool IsNumeric => true;

    public bool IsAvailable(Summary summary) =>
        _kind != Kind.GainOverSingleStripe
        || summary.BenchmarksCases.Any(c => c.HasParameters && LocksOf(c) is not null);

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

        var reference = _kind switch
        {
            Kind.PerSecond => (double?)null,
            Kind.GainOverOneThread => PerSecondOf(
                summary,
                summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase))
            ),
            _ => PerSecondOf(
                summary,
                Find(summary, benchmarkCase.Descriptor.WorkloadMethod.Name, ThroughputBenchmarks.LockMode.SingleStripe)
            ),
        };
        return _kind == Kind.PerSecond ? string.Create(CultureInfo.InvariantCulture, $"{throughput:N0}")
            : reference is { } r ? string.Create(CultureInfo.InvariantCulture, $"{throughput / r:0.00}x")
            : "?";
    }

    public override string ToString() => ColumnName;

    private static double? PerSecondOf(Summary summary, BenchmarkCase? benchmarkCase) =>
        benchmarkCase is not null && summary[benchmarkCase]?.ResultStatistics is { Mean: > 0 } statistics
            ? 1e9 / statistics.Mean
            : null;

    private static BenchmarkCase? Find(Summary summary, string method, object? locks) =>
        summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.WorkloadMethod.Name == method && Equals(LocksOf(c), locks)
        );

    private static object? LocksOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(ThroughputBenchmarks.Locks))?.Value;
}
