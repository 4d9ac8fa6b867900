using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OpdTokens.Samples.Console.Replay;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>Columns of <see cref="DayReplayBenchmarks"/>: commands per second from the measured mean, and what the
/// engine decided over the day (replayed once in the host process, so the figures are of this build).</summary>
public sealed class ReplayColumn : IColumn
{
    private static readonly ConcurrentDictionary<string, ReplayOutcome> Outcomes = new();

    private readonly bool _outcome;

    private ReplayColumn(bool outcome) => _outcome = outcome;

    public static ReplayColumn OperationsPerSecond { get; } = new(false);

    public static ReplayColumn Outcome { get; } = new(true);

    public string Id => nameof(ReplayColumn) + (_outcome ? "Outcome" : "OpsPerSecond");

    public string ColumnName => _outcome ? "Outcome (seated/waitlisted/bumped/overflows/promotions)" : "Ops/s";

    public string Legend =>
        _outcome
            ? "What the engine decided over the day; a faster engine must decide the same"
            : "Commands (requests and cancellations) per second of the measured mean";

    public UnitType UnitType => UnitType.Dimensionless;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _outcome ? 1 : 0;

    public bool IsNumeric => !_outcome;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var name = (string)benchmarkCase.Parameters["Workload"];
        if (!ReplayWorkload.TryGet(name, out var workload))
        {
            return "-";
        }

        if (_outcome)
        {
            var o = Outcomes.GetOrAdd(name, _ => ReplayRunner.MeasureAsync(workload).GetAwaiter().GetResult().Outcome);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{o.Seated}/{o.Waitlisted}/{o.Bumped}/{o.Overflows}/{o.Promotions}"
            );
        }

        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is { } nanoseconds
            ? (workload.Operations / (nanoseconds / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
            : "-";
    }

    public override string ToString() => ColumnName;
}
