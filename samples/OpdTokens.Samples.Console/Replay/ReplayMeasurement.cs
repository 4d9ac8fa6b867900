namespace OpdTokens.Samples.Console.Replay;

/// <summary>One timed replay of a workload.</summary>
/// <param name="Workload">The workload's name.</param>
/// <param name="Operations">Commands timed (requests and cancellations).</param>
/// <param name="Elapsed">Wall time of the timed commands.</param>
/// <param name="ProcessorTime">Processor time the process used meanwhile (the replay runs on one thread, and the
/// workstation collector on it): on a shared machine it moves less than the wall time.</param>
/// <param name="AllocatedBytes">Bytes allocated on the managed heap while they ran.</param>
/// <param name="Gen0">Generation 0 collections meanwhile.</param>
/// <param name="Gen1">Generation 1 collections meanwhile.</param>
/// <param name="Gen2">Generation 2 collections meanwhile.</param>
/// <param name="JitMethods">Methods the JIT compiled meanwhile (in a cold run, most of its cost; later runs only
/// recompile hot code at a higher tier).</param>
/// <param name="JitTime">Time spent in the JIT meanwhile, on every thread (the background tier-up thread too).</param>
/// <param name="Outcome">What the engine decided.</param>
public sealed record ReplayMeasurement(
    string Workload,
    int Operations,
    TimeSpan Elapsed,
    TimeSpan ProcessorTime,
    long AllocatedBytes,
    int Gen0,
    int Gen1,
    int Gen2,
    long JitMethods,
    TimeSpan JitTime,
    ReplayOutcome Outcome
)
{
    /// <summary>Operations per second.</summary>
    public double OperationsPerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>Bytes allocated per operation.</summary>
    public double BytesPerOperation => (double)AllocatedBytes / Operations;
}
