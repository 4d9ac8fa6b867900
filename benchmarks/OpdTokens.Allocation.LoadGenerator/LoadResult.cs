using System.Diagnostics;
using System.Globalization;

namespace OpdTokens.Allocation.LoadGenerator;

/// <summary>What a run measured: every request's latency (in <see cref="Stopwatch"/> ticks, sorted), the failures, the
/// run's length and the share of the machine's CPU left idle (null where it cannot be read).</summary>
internal sealed class LoadResult(long[] sortedTicks, long errors, TimeSpan elapsed, double? idleShare)
{
    public int Requests => sortedTicks.Length;

    public long Errors => errors;

    public TimeSpan Elapsed => elapsed;

    public double PerSecond => Requests / elapsed.TotalSeconds;

    public double MeanMilliseconds => Requests == 0 ? 0 : sortedTicks.Average(Milliseconds);

    /// <summary>The nearest-rank percentile: the latency at or below which <paramref name="share"/> of the requests
    /// answered.</summary>
    public double Percentile(double share) =>
        Requests == 0
            ? 0
            : Milliseconds(sortedTicks[Math.Clamp((int)Math.Ceiling(share * Requests) - 1, 0, Requests - 1)]);

    /// <summary>The line eng/load-test.sh collects: label, requests, per second, mean, p50, p95, p99 (ms), errors, and
    /// the machine's idle CPU in percent (- when unknown).</summary>
    public string ToResultLine(string label) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT {label} {Requests} {PerSecond:F1} {MeanMilliseconds:F2} {Percentile(0.50):F2} {Percentile(0.95):F2} {Percentile(0.99):F2} {Errors} {(idleShare is { } idle ? (100 * idle).ToString("F0", CultureInfo.InvariantCulture) : "-")}"
        );

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
