using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Reporting;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Tests;

public sealed class DaySimulationTests
{
    [Theory]
    [InlineData(ScenarioSettings.DefaultSeed, "tiered")]
    [InlineData(ScenarioSettings.DefaultSeed, "weighted")]
    [InlineData(7, "tiered")]
    [InlineData(7, "weighted")]
    public async Task Simulated_day_keeps_every_invariant_and_its_figures_add_up(int seed, string policy)
    {
        var settings = new ScenarioSettings { Seed = seed, Policy = policy };

        var report = await DaySimulation.RunAsync(settings);

        Assert.True(report.Invariants.AllHold, Describe(report));
        Assert.Empty(report.UnexpectedErrors);
        Assert.True(report.Succeeded);
        Assert.All(report.Invariants.Results, r => Assert.True(r.Checks > report.Invariants.CommandsWatched / 2));
        Assert.Equal(report.Commands, report.Invariants.CommandsWatched);
        Assert.Equal(3, report.Invariants.DoctorDaysCheckedAtEnd);

        // Demand: 480 seats, 10% more requests, every source present.
        Assert.Equal(480, report.Seats);
        Assert.Equal(528, report.Requests);
        Assert.Equal(report.Requests, report.RequestsBySource.Values.Sum());
        Assert.All(report.RequestsBySource.Values, count => Assert.True(count > 0));

        // Tokens are conserved: every request became one token, and every token has one final status.
        var totals = report.Totals;
        Assert.Equal(report.Requests, report.Outcomes.Values.Sum() + report.Rejected);
        Assert.Equal(report.Outcomes.Values.Sum(), totals.Tokens);
        Assert.Equal(totals.Tokens, totals.ByStatus.Values.Sum());
        Assert.Equal(totals.Tokens, report.Doctors.Sum(d => d.Tokens));
        Assert.InRange(totals.BookedDayBefore, report.Requests / 2, totals.Tokens);
        Assert.Equal(totals.Waitlisted, totals.ByStatus[TokenStatus.Waitlisted]);
        Assert.Equal(totals.Cancellations, totals.ByStatus[TokenStatus.Cancelled]);
        Assert.Equal(totals.NoShows, totals.ByStatus[TokenStatus.NoShow]);
        Assert.Equal(totals.Completed, totals.ByStatus[TokenStatus.Completed]);

        // The day is over: everyone who came was seen, so every seat-holder has completed.
        Assert.Equal(0, totals.ByStatus[TokenStatus.Allocated]);
        Assert.Equal(0, totals.ByStatus[TokenStatus.CheckedIn]);
        Assert.Equal(0, totals.ByStatus[TokenStatus.Consulting]);
        Assert.Equal(totals.Completed, totals.SeatsHeld);
        Assert.True(totals.CheckIns >= totals.Completed);

        foreach (var doctor in report.Doctors)
        {
            Assert.Equal(doctor.Tokens, doctor.ByStatus.Values.Sum());
            Assert.Equal(doctor.SeatsHeld, doctor.Slots.Where(s => !s.Closed).Sum(s => s.SeatsHeld));
            Assert.Equal(doctor.Capacity, doctor.Slots.Where(s => !s.Closed).Sum(s => s.Capacity));
            Assert.Equal(doctor.Overflows, doctor.Slots.Sum(s => s.Overflows));
            foreach (var slot in doctor.Slots)
            {
                // Seats taken never exceed the capacity plus the emergencies placed over it.
                Assert.True(slot.SeatsHeld <= slot.Capacity + slot.Overflows, $"{slot.Id}: {slot}");
                Assert.True(slot.Overflows <= Math.Min(1, slot.Emergencies), $"{slot.Id}: {slot}");
                Assert.True(!slot.Closed || slot.SeatsHeld == 0, $"{slot.Id}: {slot}");
            }
        }

        Assert.Equal(totals.SeatsHeld, report.Doctors.Sum(d => d.SeatsHeld));
        Assert.Equal(totals.Bumps, report.Doctors.Sum(d => d.Bumps));
        Assert.Equal(totals.Overflows, report.Doctors.Sum(d => d.Overflows));

        // Everything the day is meant to exercise happened.
        Assert.True(report.Outcomes[AllocationOutcome.BumpedOther] > 0);
        Assert.True(report.Outcomes[AllocationOutcome.Overflow] > 0);
        Assert.True(report.Outcomes[AllocationOutcome.Waitlisted] > 0);
        Assert.True(totals.Cancellations > 0);
        Assert.True(totals.NoShows > 0);
        Assert.Equal(45, report.Doctors[0].DelayMinutes);
        Assert.Single(report.Doctors[1].Slots, s => s.Closed);
        var kinds = report.Highlights.Select(h => h.Kind).ToList();
        Assert.Contains("doctor_late", kinds);
        Assert.Contains("slot_closed", kinds);
        Assert.Contains("emergency_full_schedule", kinds);
        Assert.DoesNotContain(
            report.Highlights,
            h => h.Text.Contains("no schedule was full", StringComparison.Ordinal)
        );
        Assert.NotEmpty(report.SampleQueues);
    }

    [Fact]
    public async Task Same_settings_give_the_same_day()
    {
        var settings = new ScenarioSettings { Seed = 42, Doctors = 2 };

        var first = await DaySimulation.RunAsync(settings);
        var second = await DaySimulation.RunAsync(settings);

        Assert.Equal(Json(first), Json(second));
        Assert.NotEqual(Json(first), Json(await DaySimulation.RunAsync(settings with { Seed = 43 })));
    }

    private static string Json(DayReport report)
    {
        using var writer = new StringWriter();
        JsonReportWriter.Write(report, writer);
        return writer.ToString();
    }

    private static string Describe(DayReport report) =>
        string.Join(
            Environment.NewLine,
            report.Invariants.Results.Where(r => !r.Holds).SelectMany(r => r.Examples.Prepend(r.Invariant.Name))
        );
}
