using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OpdTokens.Allocation.Benchmarks.Fixtures;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>How many times longer a benchmark takes on its store than the same benchmark on the in-memory store:
/// the ratio to the baseline, for a class parameterised by <see cref="StoreKind"/> (BenchmarkDotNet 0.14 cannot make
/// one parameter value the baseline).</summary>
public sealed class VersusInMemoryColumn : IColumn
{
    public static VersusInMemoryColumn Instance { get; } = new();

    public string Id => nameof(VersusInMemoryColumn);

    public string ColumnName => "vs in-memory";

    public string Legend => "Mean time divided by the same benchmark's mean on the in-memory store (the baseline)";

    public UnitType UnitType => UnitType.Dimensionless;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => StoreOf(c) is not null);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var baseline = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.WorkloadMethod.Name == benchmarkCase.Descriptor.WorkloadMethod.Name
            && Equals(StoreOf(c), StoreKind.InMemory)
        );
        return MeanOf(summary, benchmarkCase) is { } mean && MeanOf(summary, baseline) is { } reference
            ? string.Create(CultureInfo.InvariantCulture, $"{mean / reference:N1}x")
            : "?";
    }

    public override string ToString() => ColumnName;

    private static double? MeanOf(Summary summary, BenchmarkCase? benchmarkCase) =>
        benchmarkCase is not null && summary[benchmarkCase]?.ResultStatistics is { Mean: > 0 } statistics
            ? statistics.Mean
            : null;

    private static object? StoreOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Value is StoreKind)?.Value;
}
