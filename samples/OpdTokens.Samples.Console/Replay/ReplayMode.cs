using System.Globalization;
using System.Text.Json;

namespace OpdTokens.Samples.Console.Replay;

/// <summary>The console's <c>--replay</c> mode: times workloads of the engine's benchmarks in this one fresh process,
/// so the first run pays for loading and compiling the code (cold) and later runs do not (warm).</summary>
public static class ReplayMode
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>Runs after the cold one that are not reported: the JIT recompiles the hot code at its higher tiers
    /// during the first few.</summary>
    public const int SettlingRuns = 5;

    /// <summary>Warm runs after the settling ones; the median is reported.</summary>
    public const int WarmRuns = 5;

    /// <summary>Whether a name is a workload the mode takes: W1, W2, W3 or all.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsWorkload(string name) =>
        string.Equals(name, "all", StringComparison.OrdinalIgnoreCase) || ReplayWorkload.TryGet(name, out _);

    /// <summary>Replays the workloads and prints one line (or JSON object) per workload and run kind.</summary>
    /// <param name="name">W1, W2, W3 or all (W1, W2 and W3 in that order).</param>
    /// <param name="json">Whether to print JSON.</param>
    /// <param name="output">Where to print.</param>
    /// <returns>0, or 1 when a replay had commands the engine refused.</returns>
    public static async Task<int> RunAsync(string name, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var names = string.Equals(name, "all", StringComparison.OrdinalIgnoreCase)
            ? ["W1", "W2", "W3"]
            : new[] { name };
        var rows = new List<(string Run, ReplayMeasurement Measurement)>();
        foreach (var workloadName in names)
        {
            ReplayWorkload.TryGet(workloadName, out var workload);
            rows.Add(("cold", await ReplayRunner.MeasureAsync(workload)));
            for (var i = 0; i < SettlingRuns; i++)
            {
                await ReplayRunner.MeasureAsync(workload);
            }

            var warm = new List<ReplayMeasurement>();
            for (var i = 0; i < WarmRuns; i++)
            {
                warm.Add(await ReplayRunner.MeasureAsync(workload));
            }

            rows.Add(("warm", warm.OrderBy(m => m.Elapsed).ElementAt(WarmRuns / 2)));
        }

        if (json)
        {
            await output.WriteLineAsync(
                JsonSerializer.Serialize(
                    rows.Select(r => new
                    {
                        workload = r.Measurement.Workload,
                        run = r.Run,
                        operations = r.Measurement.Operations,
                        wallMilliseconds = r.Measurement.Elapsed.TotalMilliseconds,
                        processorMilliseconds = r.Measurement.ProcessorTime.TotalMilliseconds,
                        operationsPerSecond = r.Measurement.OperationsPerSecond,
                        bytesPerOperation = r.Measurement.BytesPerOperation,
                        gen0 = r.Measurement.Gen0,
                        gen1 = r.Measurement.Gen1,
                        gen2 = r.Measurement.Gen2,
                        jitMethods = r.Measurement.JitMethods,
                        jitMilliseconds = r.Measurement.JitTime.TotalMilliseconds,
                        outcome = r.Measurement.Outcome,
                    }),
                    JsonOptions
                )
            );
        }
        else
        {
            await output.WriteLineAsync(
                $"Day replays in one process ({Environment.ProcessorCount} cores, .NET {Environment.Version}); warm is the median of {WarmRuns} runs after {SettlingRuns} unreported ones."
            );
            await output.WriteLineAsync(
                "workload run   ops     wall ms  cpu ms   ops/s      B/op  gen0/1/2  jit methods/ms  seated/waitlisted/bumped/overflows/promotions"
            );
            foreach (var (run, m) in rows)
            {
                var o = m.Outcome;
                await output.WriteLineAsync(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{m.Workload, -8} {run, -5} {m.Operations, 6} {m.Elapsed.TotalMilliseconds, 9:F1} {m.ProcessorTime.TotalMilliseconds, 7:F0} {m.OperationsPerSecond, 9:N0} {m.BytesPerOperation, 6:F0}  {m.Gen0}/{m.Gen1}/{m.Gen2, -5}  {m.JitMethods, 5}/{m.JitTime.TotalMilliseconds, -7:F1}  {o.Seated}/{o.Waitlisted}/{o.Bumped}/{o.Overflows}/{o.Promotions}"
                    )
                );
            }
        }

        return rows.Any(r => r.Measurement.Outcome.Failures > 0) ? ConsoleApp.Failure : ConsoleApp.Success;
    }
}
