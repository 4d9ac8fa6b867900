using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Columns;
using OpdTokens.Allocation.Benchmarks.Fixtures;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>Whole days end to end through <see cref="IAllocationEngine"/>, each on a new engine: the console
/// sample's OPD day (3 doctors, 480 seats, about 1,900 commands) and a large day (100 doctors x 8 slots x 50 seats,
/// 40,000 allocations and 4,000 cancellations). The Retained/token column is measured once in the host process: the
/// managed heap held by the engine after the large day, per token.</summary>
[MemoryDiagnoser]
[Config(typeof(RetainedMemoryConfig))]
public class DayBenchmarks
{
    private OpdDayScenario _scenario = null!;
    private LargeDay _largeDay = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _scenario = new OpdDayScenario(new ScenarioSettings());
        _largeDay = new LargeDay();
    }

    /// <summary>The console sample's scenario without its invariant monitor: requests, check-ins, consultations,
    /// cancellations, no-shows, emergencies, a late doctor and a closed slot, on a manual clock.</summary>
    [Benchmark]
    public async Task<int> Whole_OPD_day()
    {
        var clock = _scenario.CreateClock();
        using var engine = new AllocationEngine(_scenario.CreateEngineOptions(), timeProvider: clock);
        var outcome = await _scenario.RunAsync(engine, clock);
        if (!outcome.UnexpectedErrors.IsEmpty)
        {
            throw new InvalidOperationException("The day went wrong: " + outcome.UnexpectedErrors[0]);
        }

        return outcome.Commands;
    }

    [Benchmark]
    public async Task<int> Large_day()
    {
        using var engine = LargeDay.NewEngine();
        var failures = await _largeDay.RunAsync(engine);
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} commands of the large day failed.");
        }

        return LargeDay.Allocations;
    }
}
