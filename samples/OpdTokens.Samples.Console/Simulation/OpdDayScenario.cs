using OpdTokens.Allocation;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>A realistic OPD day driven through <see cref="IAllocationEngine"/> on a manual clock: early online
/// bookings the day before, walk-ins, same-day bookings, paid requests that bump walk-ins, emergencies (two of them
/// into a full schedule), cancellations, no-shows, a doctor running 45 minutes late, a closed slot, and check-ins and
/// consultations as the clock advances.</summary>
/// <remarks>
/// <para>Everything random is drawn from <see cref="ScenarioSettings.Seed"/>, and the clock moves only when the
/// scenario moves it, so a run is reproducible: the same settings give the same day. The benchmarks run this same
/// scenario to time a whole day end to end.</para>
/// <para>Typical use: <c>var clock = scenario.CreateClock();</c>, an engine built on that clock with
/// <see cref="CreateEngineOptions"/>, then <see cref="RunAsync"/>.</para>
/// </remarks>
public sealed class OpdDayScenario
{
    /// <summary>How late the first doctor runs.</summary>
    public static readonly TimeSpan DoctorDelay = TimeSpan.FromMinutes(45);

    /// <summary>Emergencies the scenario sends itself, back to back, into the first schedule that fills up.</summary>
    public const int ScriptedEmergencies = 2;

    /// <exception cref="ArgumentException">The settings cannot run (see <see cref="ScenarioSettings.Validate"/>).</exception>
    public OpdDayScenario(ScenarioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Validate() is { } problem)
        {
            throw new ArgumentException($"The scenario settings are not valid: {problem}.", nameof(settings));
        }

        Settings = settings;
        Calendar = new ScenarioCalendar(settings);
        Requests = DemandGenerator.Generate(settings, ScriptedEmergencies);
    }

    public ScenarioSettings Settings { get; }

    public ScenarioCalendar Calendar { get; }

    /// <summary>Gets the day's token requests, in time order (drawn once, at construction), except the
    /// <see cref="ScriptedEmergencies"/>.</summary>
    public IReadOnlyList<PlannedRequest> Requests { get; }

    /// <summary>Creates the clock the engine must run on: 07:00 the day before, in the hospital's time zone.</summary>
    public ManualTimeProvider CreateClock() => new(Calendar.BookingOpens, ScenarioCalendar.HospitalZone);

    /// <summary>Creates the engine options of the scenario: the chosen policy, everything else by default.</summary>
    public OpdTokenAllocationOptions CreateEngineOptions() => new() { PriorityPolicy = Settings.Policy };

    /// <summary>Runs the day on an engine that is new and runs on <paramref name="clock"/>.</summary>
    /// <param name="engine">The engine; it must not have any doctor yet.</param>
    /// <param name="clock">The engine's clock, as <see cref="CreateClock"/> made it.</param>
    /// <param name="observer">Watches every command (the invariant monitor), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>What the scenario did.</returns>
    public Task<ScenarioOutcome> RunAsync(
        IAllocationEngine engine,
        ManualTimeProvider clock,
        IScenarioObserver? observer = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(clock);
        return new ScenarioRun(this, engine, clock, observer, cancellationToken).RunAsync();
    }
}
