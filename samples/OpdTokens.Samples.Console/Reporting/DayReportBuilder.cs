using System.Collections.Immutable;
using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Invariants;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Reporting;

/// <summary>Builds the day's report from the engine's analytics and snapshots, the scenario's log and the invariant
/// checks.</summary>
public static class DayReportBuilder
{
    public static async Task<DayReport> BuildAsync(
        IAllocationEngine engine,
        OpdDayScenario scenario,
        ScenarioOutcome outcome,
        InvariantReport invariants,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(invariants);
        var doctors = ImmutableArray.CreateBuilder<DoctorReport>(outcome.Doctors.Length);
        foreach (var activity in outcome.Doctors)
        {
            doctors.Add(await BuildDoctorAsync(engine, scenario, activity, cancellationToken));
        }

        var statuses = Enum.GetValues<TokenStatus>()
            .ToImmutableSortedDictionary(s => s, s => doctors.Sum(d => d.ByStatus[s]));
        var capacity = doctors.Sum(d => d.Capacity);
        var seatsHeld = doctors.Sum(d => d.SeatsHeld);
        var settings = scenario.Settings;
        return new DayReport(
            settings.Day,
            settings.Policy,
            settings.Seed,
            settings.SlotsPerDoctor,
            settings.SlotCapacity,
            settings.Seats,
            outcome.Requests,
            outcome.RequestsBySource,
            outcome.Outcomes,
            outcome.Rejected,
            outcome.Rerouted,
            new DayTotals(
                doctors.Sum(d => d.Tokens),
                doctors.Sum(d => d.BookedDayBefore),
                statuses,
                capacity,
                seatsHeld,
                Ratio(seatsHeld, capacity),
                doctors.Sum(d => d.Waitlisted),
                doctors.Sum(d => d.PeakWaitlist),
                doctors.Sum(d => d.Bumps),
                doctors.Sum(d => d.Overflows),
                doctors.Sum(d => d.Emergencies),
                doctors.Sum(d => d.Cancellations),
                doctors.Sum(d => d.NoShows),
                doctors.Sum(d => d.Completed),
                outcome.CheckIns,
                Minutes(
                    outcome.Doctors.Sum(d => d.AverageEstimatedWait.TotalMinutes * d.EstimatedWaits),
                    outcome.Doctors.Sum(d => d.EstimatedWaits)
                ),
                Minutes(
                    outcome.Doctors.Sum(d => d.AverageActualWait.TotalMinutes * d.ActualWaits),
                    outcome.Doctors.Sum(d => d.ActualWaits)
                )
            ),
            doctors.MoveToImmutable(),
            outcome.Highlights,
            outcome.SampleQueues,
            invariants,
            outcome.UnexpectedErrors,
            outcome.Commands,
            ScenarioCalendar.LocalTime(outcome.FinishedAt)
        );
    }

    private static async Task<DoctorReport> BuildDoctorAsync(
        IAllocationEngine engine,
        OpdDayScenario scenario,
        DoctorActivity activity,
        CancellationToken cancellationToken
    )
    {
        var day = await engine.GetDoctorDayAsync(activity.Partition, cancellationToken);
        var analytics = await engine.GetDoctorDayAnalyticsAsync(activity.Partition, cancellationToken);
        var slots = ImmutableArray.CreateBuilder<SlotReport>(day.Slots.Length);
        foreach (var slot in day.Slots)
        {
            var figures = (await engine.GetSlotAnalyticsAsync(slot.Id, cancellationToken))!;
            slots.Add(
                new SlotReport(
                    slot.Id.ToString(),
                    slot.StartTime,
                    slot.EndTime,
                    !slot.IsActive,
                    figures.Capacity,
                    figures.Occupancy,
                    figures.Utilization,
                    figures.ByStatus[TokenStatus.Completed],
                    figures.ByStatus[TokenStatus.NoShow],
                    figures.ByStatus[TokenStatus.Cancelled],
                    figures.Overflows,
                    figures.BySource[TokenSource.Emergency]
                )
            );
        }

        var doctor = activity.Doctor;
        return new DoctorReport(
            doctor.Id.Value,
            doctor.Name,
            doctor.Specialty,
            (int)analytics.Delay.TotalMinutes,
            slots.MoveToImmutable(),
            day.Tokens.Count,
            day.Tokens.Count(t => t.CreatedAt < ScenarioCalendar.At(scenario.Calendar.Day, TimeOnly.MinValue)),
            analytics.ByStatus,
            analytics.Capacity,
            analytics.Occupancy,
            analytics.Utilization,
            analytics.Waitlisted,
            activity.PeakWaitlist,
            analytics.Bumps,
            analytics.Overflows,
            analytics.Emergencies,
            analytics.Cancelled,
            analytics.NoShows,
            analytics.ByStatus[TokenStatus.Completed],
            Math.Round(activity.AverageEstimatedWait.TotalMinutes, 1),
            Math.Round(activity.AverageActualWait.TotalMinutes, 1)
        );
    }

    private static double Ratio(int part, int whole) => whole <= 0 ? 0 : Math.Round((double)part / whole, 4);

    private static double Minutes(double total, int count) => count == 0 ? 0 : Math.Round(total / count, 1);
}
