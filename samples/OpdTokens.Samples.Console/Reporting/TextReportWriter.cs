using System.Globalization;
using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Reporting;

/// <summary>Prints a <see cref="DayReport"/> for people: one table per doctor, the whole day, the notable moments,
/// sample queues and the invariant checks.</summary>
public static class TextReportWriter
{
    public static void Write(DayReport report, TextWriter output, TimeSpan? elapsed = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);

        // The report reads the same on every machine: numbers and dates are formatted without the user's culture.
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            WriteReport(report, output, elapsed);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static void WriteReport(DayReport report, TextWriter output, TimeSpan? elapsed)
    {
        var doctors = report.Doctors.Length;
        Line(
            output,
            $"OPD day simulation: {report.Day:ddd d MMM yyyy}, {doctors} doctors x {report.SlotsPerDoctor} hourly "
                + $"slots x {report.SlotCapacity} seats = {report.Seats} seats"
        );
        Line(
            output,
            $"Policy {report.Policy}, seed {report.Seed}: {report.Requests} requests, {report.Commands:N0} engine "
                + $"commands, last patient left at {report.LastPatientLeft:HH:mm}"
                + (elapsed is { } e ? $" (simulated in {e.TotalMilliseconds:N0} ms)" : "")
        );
        output.WriteLine();
        Line(
            output,
            "Requests  "
                + string.Join(", ", report.RequestsBySource.Select(p => $"{p.Key} {p.Value}"))
                + $"; re-routed from a closed slot: {report.Rerouted}"
        );
        Line(
            output,
            $"Outcomes  allocated {report.Outcomes[AllocationOutcome.Allocated]}, "
                + $"bumped a lower-ranked token {report.Outcomes[AllocationOutcome.BumpedOther]}, "
                + $"emergency overflow {report.Outcomes[AllocationOutcome.Overflow]}, "
                + $"waitlisted {report.Outcomes[AllocationOutcome.Waitlisted]}, rejected {report.Rejected}"
        );

        foreach (var doctor in report.Doctors)
        {
            output.WriteLine();
            WriteDoctor(output, doctor);
        }

        output.WriteLine();
        WriteTotals(output, report.Totals);
        output.WriteLine();
        Line(output, "Highlights");
        foreach (var highlight in report.Highlights)
        {
            Line(output, $"  {ScenarioCalendar.LocalTime(highlight.At):HH:mm} {highlight.Doctor}: {highlight.Text}");
        }

        WriteSampleQueues(output, report);
        output.WriteLine();
        WriteInvariants(output, report);
    }

    private static void WriteDoctor(TextWriter output, DoctorReport doctor)
    {
        Line(
            output,
            $"{doctor.Name} ({doctor.Id}, {doctor.Specialty})"
                + (doctor.DelayMinutes > 0 ? $", running {doctor.DelayMinutes} min late" : "")
        );
        Line(output, "  slot         capacity  seats   util  done  no-show  cancelled  overflow  emergency");
        foreach (var slot in doctor.Slots)
        {
            if (slot.Closed)
            {
                Line(
                    output,
                    $"  {slot.Start:HH:mm}-{slot.End:HH:mm}  closed by the desk; {slot.Cancelled} cancelled and "
                        + $"{slot.NoShows} no-shows before it closed"
                );
                continue;
            }

            Line(
                output,
                $"  {slot.Start:HH:mm}-{slot.End:HH:mm}  {slot.Capacity, 8}  {slot.SeatsHeld, 5}  {slot.Utilization, 5:P0}"
                    + $"  {slot.Completed, 4}  {slot.NoShows, 7}  {slot.Cancelled, 9}  {slot.Overflows, 8}"
                    + $"  {slot.Emergencies, 9}"
            );
        }

        Line(
            output,
            $"  {doctor.Tokens} tokens | seats {doctor.SeatsHeld}/{doctor.Capacity} ({doctor.Utilization:P0}) | "
                + $"waitlist {doctor.Waitlisted} at close, peak {doctor.PeakWaitlist} | bumps {doctor.Bumps} | "
                + $"overflows {doctor.Overflows} | cancellations {doctor.Cancellations} | no-shows {doctor.NoShows}"
        );
        Line(
            output,
            $"  average wait: {doctor.AverageEstimatedWaitMinutes:0.0} min estimated at check-in, "
                + $"{doctor.AverageActualWaitMinutes:0.0} min actual"
        );
    }

    private static void WriteTotals(TextWriter output, DayTotals totals)
    {
        Line(output, "Whole day");
        Line(
            output,
            $"  {totals.Tokens} tokens ({totals.BookedDayBefore} booked the day before): "
                + string.Join(", ", totals.ByStatus.Where(p => p.Value > 0).Select(p => $"{p.Key} {p.Value}"))
        );
        Line(
            output,
            $"  seats held {totals.SeatsHeld} of {totals.Capacity} in open slots ({totals.Utilization:P1}); "
                + $"waitlist {totals.Waitlisted} at close (peaks summed: {totals.PeakWaitlist})"
        );
        Line(
            output,
            $"  bumps {totals.Bumps}, emergency overflows {totals.Overflows} (of {totals.Emergencies} emergencies), "
                + $"cancellations {totals.Cancellations}, no-shows {totals.NoShows}, check-ins {totals.CheckIns}, "
                + $"consultations {totals.Completed}"
        );
        Line(
            output,
            $"  average wait {totals.AverageEstimatedWaitMinutes:0.0} min estimated at check-in, "
                + $"{totals.AverageActualWaitMinutes:0.0} min actual"
        );
    }

    private static void WriteSampleQueues(TextWriter output, DayReport report)
    {
        foreach (var queue in report.SampleQueues)
        {
            output.WriteLine();
            Line(
                output,
                $"Queue of {queue.Doctor}, slot {queue.SlotStart:HH:mm}-{queue.SlotEnd:HH:mm}, at "
                    + $"{ScenarioCalendar.LocalTime(queue.At):HH:mm}: {queue.Waiting} waiting"
            );
            foreach (var entry in queue.Entries)
            {
                Line(
                    output,
                    $"  {entry.Position, 3}. {entry.Number}  {entry.Source, -9} score {entry.Score, 4}  "
                        + $"{entry.Status, -9}  ~{entry.EstimatedStart:HH:mm}"
                );
            }

            if (queue.Waiting > queue.Entries.Length)
            {
                Line(output, $"       ... {queue.Waiting - queue.Entries.Length} more");
            }
        }
    }

    private static void WriteInvariants(TextWriter output, DayReport report)
    {
        var invariants = report.Invariants;
        Line(
            output,
            $"Invariant checks (docs/articles/design.md, section 6), after each of {invariants.CommandsWatched:N0} commands on the "
                + $"doctor-day it changed, and on the final state of {invariants.DoctorDaysCheckedAtEnd} doctor-days"
        );
        foreach (var result in invariants.Results)
        {
            var invariant = result.Invariant;
            Line(
                output,
                $"  [{(result.Holds ? "ok" : "BROKEN")}] {invariant.Number} {invariant.Name} "
                    + $"({result.Checks:N0} checks): {invariant.Rule}"
            );
            foreach (var example in result.Examples)
            {
                Line(output, $"      {example}");
            }

            if (result.Violations > result.Examples.Length)
            {
                Line(output, $"      ... {result.Violations - result.Examples.Length} more violations");
            }
        }

        if (!report.UnexpectedErrors.IsEmpty)
        {
            Line(output, $"Commands the engine refused unexpectedly: {report.UnexpectedErrors.Length}");
            foreach (var error in report.UnexpectedErrors.Take(10))
            {
                Line(output, $"  {error}");
            }
        }

        output.WriteLine();
        Line(
            output,
            report.Succeeded
                ? "Result: all 6 invariants hold."
                : $"Result: FAILED - {invariants.Results.Count(r => !r.Holds)} invariants broken, "
                    + $"{report.UnexpectedErrors.Length} unexpected errors."
        );
    }

    private static void Line(TextWriter output, string text) => output.WriteLine(text);
}
