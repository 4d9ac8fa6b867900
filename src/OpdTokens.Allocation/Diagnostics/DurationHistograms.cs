using System.Diagnostics.Metrics;

namespace OpdTokens.Allocation.Diagnostics;

/// <summary>Creates the library's duration histograms (in seconds) with bucket boundaries that fit what they time.</summary>
/// <remarks>Without advice an exporter applies its default boundaries, which OpenTelemetry sizes for milliseconds
/// (0, 5, 10, 25...): every command in seconds then falls into the first bucket and the percentiles say nothing. The
/// advice needs .NET 9's <c>InstrumentAdvice</c>; on .NET 8 a host sets the boundaries with a view of its metrics
/// pipeline (the boundaries below are public in the telemetry article).</remarks>
internal static class DurationHistograms
{
    /// <summary>Boundaries for the engine's commands and store commits: from 100 microseconds (an in-memory command)
    /// to 10 seconds (a store at its deadline).</summary>
    public static readonly double[] Command =
    [
        0.0001,
        0.00025,
        0.0005,
        0.001,
        0.0025,
        0.005,
        0.01,
        0.025,
        0.05,
        0.075,
        0.1,
        0.25,
        0.5,
        0.75,
        1,
        2.5,
        5,
        10,
    ];

    /// <summary>Boundaries for notification delivery lag: from 10 milliseconds to an hour of retries.</summary>
    public static readonly double[] DeliveryLag =
    [
        0.01,
        0.025,
        0.05,
        0.1,
        0.25,
        0.5,
        1,
        2.5,
        5,
        10,
        30,
        60,
        300,
        900,
        3600,
    ];

    public static Histogram<double> Create(Meter meter, string name, string description, double[] boundaries)
    {
#if NET9_0_OR_GREATER
        return meter.CreateHistogram(
            name,
            "s",
            description,
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = boundaries }
        );
#else
        _ = boundaries;
        return meter.CreateHistogram<double>(name, "s", description);
#endif
    }
}
