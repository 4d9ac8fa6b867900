using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Invariants;
using OpdTokens.Samples.Console.Reporting;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console;

/// <summary>Runs the <see cref="OpdDayScenario"/> on a new in-memory engine with the invariant monitor watching, and
/// builds the report.</summary>
public static class DaySimulation
{
    public static async Task<DayReport> RunAsync(
        ScenarioSettings settings,
        CancellationToken cancellationToken = default
    )
    {
        var scenario = new OpdDayScenario(settings);
        var clock = scenario.CreateClock();
        var options = scenario.CreateEngineOptions();
        using var engine = new AllocationEngine(options, timeProvider: clock);
        using var monitor = new InvariantMonitor(engine, clock, options);
        var outcome = await scenario.RunAsync(engine, clock, monitor, cancellationToken);
        await monitor.CheckFinalStateAsync(
            outcome.Doctors.Select(d => d.Partition),
            outcome.TokensCreated,
            cancellationToken
        );
        return await DayReportBuilder.BuildAsync(engine, scenario, outcome, monitor.Report(), cancellationToken);
    }
}
