using System.Diagnostics;
using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Cli;
using OpdTokens.Samples.Console.Estimates;
using OpdTokens.Samples.Console.Replay;
using OpdTokens.Samples.Console.Reporting;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console;

/// <summary>The console program: parses the options, simulates the day, prints the report and picks the exit
/// code.</summary>
public static class ConsoleApp
{
    /// <summary>Every invariant holds.</summary>
    public const int Success = 0;

    /// <summary>An invariant is broken, or the engine refused a command the scenario expected to work.</summary>
    public const int Failure = 1;

    /// <summary>The options are not valid.</summary>
    public const int UsageError = 2;

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!CommandLineParser.TryParse(args, out var options, out var problem))
        {
            await error.WriteLineAsync($"error: {problem}");
            await error.WriteLineAsync("Run with --help to see the options.");
            return UsageError;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(CommandLineParser.Usage);
            return Success;
        }

        if (options.Replay is { } replay)
        {
            return await ReplayMode.RunAsync(replay, options.Json, output);
        }

        var stopwatch = Stopwatch.StartNew();
        DayReport report;
        RecordedDay? recorded = null;
        try
        {
            if (options.Estimates || options.HtmlPath is not null)
            {
                recorded = await RecordedDay.RunAsync(options.Settings, cancellationToken);
                report = recorded.Report;
            }
            else
            {
                report = await DaySimulation.RunAsync(options.Settings, cancellationToken);
            }
        }
        catch (AllocationException e)
        {
            await error.WriteLineAsync($"error: the simulation could not set up its day: {e.Message}");
            return Failure;
        }

        if (recorded is not null)
        {
            await ReportExtras.WriteAsync(options, recorded, stopwatch.Elapsed, output, cancellationToken);
        }
        else if (options.Json)
        {
            JsonReportWriter.Write(report, output);
        }
        else
        {
            TextReportWriter.Write(report, output, stopwatch.Elapsed);
        }

        return report.Succeeded ? Success : Failure;
    }
}
