using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>Version conflicts per committed allocation in <see cref="SharedPostgreSqlBenchmarks"/>: how often an
/// instance's commit was refused because the other instance had moved the doctor-day on, so the engine reloaded it
/// and ran the command again.</summary>
/// <remarks>The figures come from the benchmark process, which counts the engines'
/// <c>opdtokens.allocation.conflicts</c> metric with a <see cref="System.Diagnostics.Metrics.MeterListener"/> and
/// prints the totals of all its iterations (warm-up included) as a <see cref="Prefix"/> line to its output.</remarks>
public sealed class ConflictsColumn : IColumn
{
    /// <summary>The start of the line the benchmark process prints: the prefix, the conflicts, then the
    /// commits.</summary>
    public const string Prefix = "// OpdTokens conflicts/commits: ";

    public static ConflictsColumn Instance { get; } = new();

    public string Id => nameof(ConflictsColumn);

    public string ColumnName => "Conflicts/commit";

    public string Legend =>
        "Version conflicts (refused commits, each followed by a reload and a retry) per committed allocation";

    public UnitType UnitType => UnitType.Dimensionless;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 2;

    public bool IsNumeric => true;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        long conflicts = 0;
        long commits = 0;
        foreach (var line in summary[benchmarkCase]?.ExecuteResults.SelectMany(r => r.StandardOutput) ?? [])
        {
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var figures = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            conflicts += long.Parse(figures[0], CultureInfo.InvariantCulture);
            commits += long.Parse(figures[1], CultureInfo.InvariantCulture);
        }

        return commits > 0 ? string.Create(CultureInfo.InvariantCulture, $"{conflicts / (double)commits:0.000}") : "?";
    }

    public override string ToString() => ColumnName;
}
