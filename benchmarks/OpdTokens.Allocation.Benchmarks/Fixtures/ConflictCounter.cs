using System.Diagnostics.Metrics;
using OpdTokens.Allocation.Diagnostics;

namespace OpdTokens.Allocation.Benchmarks.Fixtures;

/// <summary>Counts the version conflicts of every engine in the process, from the engines' own
/// <see cref="AllocationTelemetry.Conflicts"/> counter.</summary>
public sealed class ConflictCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _conflicts;

    public ConflictCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (
                instrument.Meter.Name == AllocationTelemetry.MeterName
                && instrument.Name == AllocationTelemetry.Conflicts
            )
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(
            (_, measurement, _, _) => Interlocked.Add(ref _conflicts, measurement)
        );
        _listener.Start();
    }

    /// <summary>Gets the conflicts counted so far.</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    public void Dispose() => _listener.Dispose();
}
