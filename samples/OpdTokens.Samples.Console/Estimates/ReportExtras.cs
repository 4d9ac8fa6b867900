using System.Text.Json;
using OpdTokens.Samples.Console.Cli;
using OpdTokens.Samples.Console.Reporting;

namespace OpdTokens.Samples.Console.Estimates;

/// <summary>Prints the day with what <c>--estimates</c> and <c>--html</c> add: the estimate study after the report
/// (in JSON, beside it) and the HTML file.</summary>
public static class ReportExtras
{
    public static async Task WriteAsync(
        CommandLineOptions options,
        RecordedDay day,
        TimeSpan elapsed,
        TextWriter output,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(output);
        var study = options.Estimates
            ? await EstimateStudy.RunAsync(options.Settings, EstimateStudy.DefaultSeeds, cancellationToken)
            : null;
        if (options.HtmlPath is { } path)
        {
            await File.WriteAllTextAsync(path, HtmlReportWriter.Write(day), cancellationToken);
        }

        if (options.Json)
        {
            if (study is null)
            {
                JsonReportWriter.Write(day.Report, output);
            }
            else
            {
                output.WriteLine(
                    JsonSerializer.Serialize(new { day = day.Report, estimates = study }, JsonReportWriter.Options)
                );
            }

            return;
        }

        TextReportWriter.Write(day.Report, output, elapsed);
        if (study is not null)
        {
            output.WriteLine();
            study.Write(output);
        }

        if (options.HtmlPath is { } written)
        {
            output.WriteLine();
            output.WriteLine($"HTML report written to {written}");
        }
    }
}
