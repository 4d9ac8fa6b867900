using System.Globalization;
using System.Net;
using System.Text;
using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Reporting;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Estimates;

/// <summary>Writes a recorded day as one self-contained HTML file: slot utilisation per doctor, queue length and
/// waitlist over the day, estimated against actual start per patient, and the changes that moved tokens.</summary>
/// <remarks>Charts are inline SVG and the styles are inline, so the file opens without a network; the markup is
/// well-formed XML (XHTML syntax) and prints on A4 with one doctor's charts kept together.</remarks>
public static class HtmlReportWriter
{
    private const int Width = 720;
    private const int Height = 220;
    private const int Left = 48;
    private const int Bottom = 28;
    private const int Top = 12;
    private const int Right = 12;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Write(RecordedDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var report = day.Report;
        var html = new StringBuilder(256 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append(C, $"<title>OPD day {report.Day:yyyy-MM-dd}, seed {report.Seed}</title>\n")
            .Append("<style>\n")
            .Append(Styles)
            .Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append(
            C,
            $"<h1>OPD day {report.Day:dddd d MMMM yyyy}</h1>\n<p class=\"lead\">{report.Doctors.Length} doctors, "
                + $"{report.Seats} seats, policy {E(report.Policy)}, seed {report.Seed}: {report.Requests} requests, "
                + $"{report.Totals.Completed} consultations, {report.Totals.NoShows} no-shows, "
                + $"{report.Totals.Cancellations} cancellations, {report.Totals.Bumps} bumps; the last patient left at "
                + $"{report.LastPatientLeft:HH:mm}. Invariants: {(report.Succeeded ? "all hold" : "BROKEN")}.</p>\n"
        );

        var comparisons = EstimateComparison.Of(day.Patients);
        html.Append("<section aria-labelledby=\"errors\">\n<h2 id=\"errors\">Wait-time estimates</h2>\n")
            .Append("<p>The estimate each patient was given at check-in against the start of the consultation, in ")
            .Append("minutes: the slot formula and the learned estimator. A late doctor's patients are also split ")
            .Append("at the report of the delay: <em>+</em> checked in once it was known, <em>-</em> before.</p>\n");
        ErrorTable(html, comparisons);
        html.Append("</section>\n");

        foreach (var doctor in report.Doctors)
        {
            var id = new DoctorId(doctor.Id);
            html.Append(C, $"<section class=\"doctor\" aria-labelledby=\"doctor-{E(doctor.Id)}\">\n")
                .Append(C, $"<h2 id=\"doctor-{E(doctor.Id)}\">{E(doctor.Name)} ({E(doctor.Id)}, {E(doctor.Specialty)})")
                .Append(doctor.DelayMinutes > 0 ? string.Create(C, $", running {doctor.DelayMinutes} min late") : "")
                .Append("</h2>\n");
            html.Append("<h3>Slot utilisation</h3>\n");
            UtilisationChart(html, doctor);
            html.Append("<h3>Queue and waitlist over the day</h3>\n");
            QueueChart(
                html,
                [
                    .. day.Timeline.Where(p =>
                        p.Doctor == id && p.At >= ScenarioCalendar.At(report.Day, new TimeOnly(7, 0))
                    ),
                ]
            );
            html.Append("<h3>Estimated against actual start</h3>\n");
            EstimateChart(html, [.. day.Patients.Where(p => p.Doctor == id && p.ActualStart is not null)]);
            html.Append("</section>\n");
        }

        Moves(html, day, report);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private const string Styles = """
        body { font: 15px/1.45 system-ui, sans-serif; color: #111; background: #fff; margin: 0; }
        main { max-width: 780px; margin: 0 auto; padding: 1.5rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
        h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #111; }
        h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { border-bottom: 1px solid #bbb; padding: .2rem .4rem; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        svg { display: block; width: 100%; height: auto; }
        .axis { stroke: #111; stroke-width: 1; }
        .grid { stroke: #ddd; stroke-width: 1; }
        .label { font: 11px system-ui, sans-serif; fill: #111; }
        .bar { fill: #1f5fbf; }
        .closed { fill: #bbb; }
        .waiting { fill: none; stroke: #1f5fbf; stroke-width: 2; }
        .waitlist { fill: none; stroke: #c0392b; stroke-width: 2; stroke-dasharray: 5 3; }
        .formula { fill: #c0392b; opacity: .6; }
        .learned { fill: #1f5fbf; opacity: .6; }
        .diagonal { stroke: #111; stroke-dasharray: 4 3; }
        .legend { font-size: .85rem; }
        .legend span { display: inline-block; margin-right: 1rem; }
        .swatch { display: inline-block; width: .8rem; height: .8rem; vertical-align: middle; margin-right: .25rem; }
        @media print {
          body { font-size: 11pt; }
          main { max-width: none; padding: 0; }
          .doctor, table, figure { break-inside: avoid; }
          h2 { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }

        """;

    private static void ErrorTable(StringBuilder html, IEnumerable<EstimateComparison> rows)
    {
        html.Append("<table>\n<thead><tr><th scope=\"col\">scope</th><th scope=\"col\">patients</th>")
            .Append("<th scope=\"col\">formula MAE</th><th scope=\"col\">p90</th><th scope=\"col\">within 10 min</th>")
            .Append("<th scope=\"col\">learned MAE</th><th scope=\"col\">p90</th><th scope=\"col\">within 10 min</th>")
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append(
                C,
                $"<tr><td>{E(row.Scope)}</td><td>{row.Learned.Patients}</td>"
                    + $"<td>{row.SlotFormula.MeanAbsoluteErrorMinutes:0.0}</td><td>{row.SlotFormula.P90Minutes:0.0}</td>"
                    + $"<td>{row.SlotFormula.WithinTenMinutes:P0}</td><td>{row.Learned.MeanAbsoluteErrorMinutes:0.0}</td>"
                    + $"<td>{row.Learned.P90Minutes:0.0}</td><td>{row.Learned.WithinTenMinutes:P0}</td></tr>\n"
            );
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void UtilisationChart(StringBuilder html, DoctorReport doctor)
    {
        var slots = doctor.Slots;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        Open(html, "Slot utilisation of " + doctor.Name);
        for (var tick = 0; tick <= 100; tick += 25)
        {
            var y = Top + plotHeight - (plotHeight * tick / 100.0);
            html.Append(
                    C,
                    $"<line class=\"grid\" x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" />"
                )
                .Append(
                    C,
                    $"<text class=\"label\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{tick}%</text>\n"
                );
        }

        var step = slots.Length == 0 ? 0 : plotWidth / (double)slots.Length;
        for (var i = 0; i < slots.Length; i++)
        {
            var slot = slots[i];
            var x = Left + (i * step) + (step * 0.15);
            var label = slot.Start.ToString("HH:mm", C);
            if (slot.Closed)
            {
                html.Append(
                        C,
                        $"<rect class=\"closed\" x=\"{x:0.#}\" y=\"{Top + plotHeight - 6}\" width=\"{step * 0.7:0.#}\" height=\"6\">"
                    )
                    .Append(C, $"<title>{label} closed</title></rect>\n");
            }
            else
            {
                var height = plotHeight * Math.Min(1, slot.Utilization);
                html.Append(
                        C,
                        $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{Top + plotHeight - height:0.#}\" width=\"{step * 0.7:0.#}\" "
                    )
                    .Append(C, $"height=\"{height:0.#}\"><title>{label}: {slot.SeatsHeld} of {slot.Capacity} seats ")
                    .Append(C, $"({slot.Utilization:P0})</title></rect>\n");
            }

            html.Append(
                C,
                $"<text class=\"label\" x=\"{x + (step * 0.35):0.#}\" y=\"{Height - 10}\" text-anchor=\"middle\">{label}{(slot.Closed ? " closed" : "")}</text>\n"
            );
        }

        Axes(html);
        html.Append("</svg>\n</figure>\n");
    }

    private static void QueueChart(StringBuilder html, List<QueuePoint> points)
    {
        Open(html, "Tokens waiting in slots and on the waitlist over the day");
        if (points.Count == 0)
        {
            html.Append("</svg>\n</figure>\n");
            return;
        }

        var from = points[0].At;
        var to = points[^1].At;
        var span = Math.Max(1, (to - from).TotalMinutes);
        var max = Math.Max(1, points.Max(p => Math.Max(p.Waiting, p.Waitlisted)));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(DateTimeOffset at) => Left + (plotWidth * (at - from).TotalMinutes / span);
        double Y(int value) => Top + plotHeight - (plotHeight * value / (double)max);
        foreach (var tick in Ticks(max))
        {
            html.Append(
                    C,
                    $"<line class=\"grid\" x1=\"{Left}\" y1=\"{Y(tick):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(tick):0.#}\" />"
                )
                .Append(
                    C,
                    $"<text class=\"label\" x=\"{Left - 6}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\">{tick}</text>\n"
                );
        }

        TimeTicks(html, from, to, X);
        Polyline(html, "waiting", points, X, p => Y(p.Waiting));
        Polyline(html, "waitlist", points, X, p => Y(p.Waitlisted));
        Axes(html);
        html.Append("</svg>\n")
            .Append(
                "<figcaption class=\"legend\"><span><svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\">"
            )
            .Append("<rect width=\"10\" height=\"10\" fill=\"#1f5fbf\" /></svg>waiting in slots</span><span>")
            .Append(
                "<svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" "
            )
            .Append("fill=\"#c0392b\" /></svg>waitlisted (dashed)</span></figcaption>\n</figure>\n");
    }

    private static void EstimateChart(StringBuilder html, List<PatientRecord> patients)
    {
        Open(html, "Estimate at check-in against the actual start, per patient");
        if (patients.Count == 0)
        {
            html.Append("</svg>\n</figure>\n");
            return;
        }

        var all = patients
            .SelectMany(p => new[] { p.ActualStart!.Value, p.FormulaEstimate, p.LearnedEstimate })
            .ToList();
        var from = all.Min();
        var to = all.Max();
        var span = Math.Max(1, (to - from).TotalMinutes);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(DateTimeOffset at) => Left + (plotWidth * (at - from).TotalMinutes / span);
        double Y(DateTimeOffset at) => Top + plotHeight - (plotHeight * (at - from).TotalMinutes / span);
        TimeTicks(html, from, to, X);
        html.Append(
            C,
            $"<line class=\"diagonal\" x1=\"{X(from):0.#}\" y1=\"{Y(from):0.#}\" x2=\"{X(to):0.#}\" y2=\"{Y(to):0.#}\" />\n"
        );
        foreach (var patient in patients)
        {
            var actual = patient.ActualStart!.Value;
            Dot(html, "formula", X(actual), Y(patient.FormulaEstimate), patient, patient.FormulaEstimate, "formula");
            Dot(html, "learned", X(actual), Y(patient.LearnedEstimate), patient, patient.LearnedEstimate, "learned");
        }

        Axes(html);
        html.Append("</svg>\n")
            .Append(
                "<figcaption class=\"legend\">Across: the actual start; up: the estimate at check-in; on the dashed "
            )
            .Append(
                "line the estimate was exact. <span><svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\">"
            )
            .Append("<circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"#c0392b\" /></svg>slot formula</span><span>")
            .Append(
                "<svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><circle cx=\"5\" cy=\"5\" r=\"5\" "
            )
            .Append("fill=\"#1f5fbf\" /></svg>learned estimator</span></figcaption>\n</figure>\n");
    }

    private static void Moves(StringBuilder html, RecordedDay day, DayReport report)
    {
        html.Append("<section aria-labelledby=\"moves\">\n<h2 id=\"moves\">Changes that moved tokens</h2>\n<ul>\n");
        foreach (var highlight in report.Highlights)
        {
            html.Append(C, $"<li>{ScenarioCalendar.LocalTime(highlight.At):HH:mm} {E(highlight.Doctor.Value)}: ")
                .Append(E(highlight.Text))
                .Append("</li>\n");
        }

        html.Append("</ul>\n<table>\n<thead><tr><th scope=\"col\">time</th><th scope=\"col\">doctor</th>")
            .Append(
                "<th scope=\"col\">token</th><th scope=\"col\">why</th><th scope=\"col\">where</th></tr></thead>\n<tbody>\n"
            );
        foreach (var move in day.Moves)
        {
            html.Append(
                C,
                $"<tr><td>{ScenarioCalendar.LocalTime(move.At):HH:mm}</td><td>{E(move.Doctor.Value)}</td>"
                    + $"<td>{E(move.Token.ToString())}</td><td>{E(move.Reason)}</td><td>{E(move.Where)}</td></tr>\n"
            );
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Open(StringBuilder html, string title) =>
        html.Append("<figure>\n")
            .Append(C, $"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{E(title)}\">\n")
            .Append(C, $"<title>{E(title)}</title>\n");

    private static void Axes(StringBuilder html) =>
        html.Append(C, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" />")
            .Append(
                C,
                $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" />\n"
            );

    private static void TimeTicks(
        StringBuilder html,
        DateTimeOffset from,
        DateTimeOffset to,
        Func<DateTimeOffset, double> x
    )
    {
        var local = TimeZoneInfo.ConvertTime(from, ScenarioCalendar.HospitalZone);
        var hour = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset).AddHours(1);
        var every =
            (to - from).TotalHours > 12 ? 3
            : (to - from).TotalHours > 6 ? 2
            : 1;
        for (; hour <= to; hour = hour.AddHours(every))
        {
            var at = x(hour);
            html.Append(
                    C,
                    $"<line class=\"grid\" x1=\"{at:0.#}\" y1=\"{Top}\" x2=\"{at:0.#}\" y2=\"{Height - Bottom}\" />"
                )
                .Append(
                    C,
                    $"<text class=\"label\" x=\"{at:0.#}\" y=\"{Height - 10}\" text-anchor=\"middle\">{hour:HH:mm}</text>\n"
                );
        }
    }

    private static void Polyline(
        StringBuilder html,
        string css,
        List<QueuePoint> points,
        Func<DateTimeOffset, double> x,
        Func<QueuePoint, double> y
    )
    {
        html.Append(C, $"<polyline class=\"{css}\" points=\"");
        double? last = null;
        foreach (var point in points)
        {
            // A step chart: the count holds until the next change.
            if (last is { } previous)
            {
                html.Append(C, $"{x(point.At):0.#},{previous:0.#} ");
            }

            last = y(point);
            html.Append(C, $"{x(point.At):0.#},{last:0.#} ");
        }

        html.Append("\" />\n");
    }

    private static void Dot(
        StringBuilder html,
        string css,
        double x,
        double y,
        PatientRecord patient,
        DateTimeOffset estimate,
        string by
    ) =>
        html.Append(C, $"<circle class=\"{css}\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"2.5\"><title>")
            .Append(
                C,
                $"{E(patient.Number)}: {by} {ScenarioCalendar.LocalTime(estimate):HH:mm}, seen "
                    + $"{ScenarioCalendar.LocalTime(patient.ActualStart!.Value):HH:mm}"
            )
            .Append("</title></circle>\n");

    private static IEnumerable<int> Ticks(int max)
    {
        var step =
            max <= 10 ? 2
            : max <= 40 ? 10
            : max <= 100 ? 20
            : 50;
        for (var tick = 0; tick <= max; tick += step)
        {
            yield return tick;
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
