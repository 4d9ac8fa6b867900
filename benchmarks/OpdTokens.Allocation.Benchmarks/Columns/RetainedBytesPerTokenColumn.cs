using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OpdTokens.Allocation.Benchmarks.Fixtures;

namespace OpdTokens.Allocation.Benchmarks.Columns;

/// <summary>The managed heap an engine holds after the large day, per token: <c>GC.GetTotalMemory(true)</c> before
/// and after building the day on a new engine, divided by the 40,000 tokens. Shown on the <c>Large_day</c> row.</summary>
/// <remarks>It is measured in the host process (a Release build of this assembly, like the benchmark processes),
/// once, after a first build that loads and compiles everything, so only what the engine keeps is counted: tokens,
/// their numbers, patients, slot queues, the token index and the store's copy of the snapshots (the same
/// objects).</remarks>
public sealed class RetainedBytesPerTokenColumn : IColumn
{
    private static readonly Lazy<double> BytesPerToken = new(Measure);

    public string Id => nameof(RetainedBytesPerTokenColumn);

    public string ColumnName => "Retained/token";

    public string Legend =>
        "Managed heap the engine retains after the large day, per token (GC.GetTotalMemory(true) delta / 40,000)";

    public UnitType UnitType => UnitType.Size;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(IsLargeDay);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        IsLargeDay(benchmarkCase) ? string.Create(CultureInfo.InvariantCulture, $"{BytesPerToken.Value:N0} B") : "-";

    /// <summary>Builds the large day twice and measures the heap the second engine keeps.</summary>
    public static double Measure()
    {
        var largeDay = new LargeDay();
        using (var warmUp = LargeDay.NewEngine())
        {
            Check(largeDay.RunAsync(warmUp).GetAwaiter().GetResult());
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var engine = LargeDay.NewEngine();
        Check(largeDay.RunAsync(engine).GetAwaiter().GetResult());
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(engine);
        engine.Dispose();
        return (after - before) / (double)LargeDay.Allocations;
    }

    private static void Check(int failures)
    {
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} commands of the large day failed.");
        }
    }

    private static bool IsLargeDay(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(DayBenchmarks.Large_day);

    public override string ToString() => ColumnName;
}
