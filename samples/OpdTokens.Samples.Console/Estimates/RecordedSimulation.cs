using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Invariants;
using OpdTokens.Samples.Console.Reporting;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Estimates;

/// <summary>A simulated day with a <see cref="DayRecorder"/> watching it: the report and what the recorder saw.</summary>
/// <param name="Report">The day's report, as <see cref="DaySimulation"/> builds it.</param>
/// <param name="Patients">The checked-in patients with their estimates and actual starts.</param>
/// <param name="Timeline">The queues after every change.</param>
/// <param name="Moves">The tokens the engine moved.</param>
public sealed record RecordedDay(
    DayReport Report,
    System.Collections.Immutable.ImmutableArray<PatientRecord> Patients,
    System.Collections.Immutable.ImmutableArray<QueuePoint> Timeline,
    System.Collections.Immutable.ImmutableArray<MoveRecord> Moves
)
{
    /// <summary>Runs a day as <see cref="DaySimulation.RunAsync"/> does, recording it.</summary>
    public static async Task<RecordedDay> RunAsync(
        ScenarioSettings settings,
        CancellationToken cancellationToken = default
    )
    {
        var scenario = new OpdDayScenario(settings);
        var clock = scenario.CreateClock();
        var options = scenario.CreateEngineOptions();
        using var engine = new AllocationEngine(options, timeProvider: clock);
        using var monitor = new InvariantMonitor(engine, clock, options);
        var recorder = new DayRecorder(engine);
        using var subscription = engine.Subscribe(recorder);
        var outcome = await scenario.RunAsync(engine, clock, monitor, cancellationToken);
        await monitor.CheckFinalStateAsync(
            outcome.Doctors.Select(d => d.Partition),
            outcome.TokensCreated,
            cancellationToken
        );
        var report = await DayReportBuilder.BuildAsync(engine, scenario, outcome, monitor.Report(), cancellationToken);
        return new RecordedDay(report, recorder.Patients, recorder.Timeline, recorder.Moves);
    }
}
