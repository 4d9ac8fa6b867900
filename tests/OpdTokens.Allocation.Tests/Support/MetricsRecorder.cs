using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OpdTokens.Allocation.Diagnostics;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>Sums the counters of one meter (an engine's own), so tests running in parallel never see each other's
/// measurements.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string? Outcome), long> _totals = new();

    /// <param name="meter">The meter to listen to.</param>
    /// <param name="only">The one instrument to listen to, or every instrument of the meter when null.</param>
    public MetricsRecorder(Meter meter, string? only = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && (only is null || instrument.Name == only))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(
            (instrument, value, tags, _) =>
            {
                string? outcome = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == AllocationTelemetry.OutcomeTag)
                    {
                        outcome = tag.Value as string;
                    }
                }

                _totals.AddOrUpdate((instrument.Name, outcome), value, (_, total) => total + value);
            }
        );
        _listener.Start();
    }

    /// <summary>The sum of an instrument's measurements, over every tag value.</summary>
    public long Total(string instrument) => _totals.Where(p => p.Key.Instrument == instrument).Sum(p => p.Value);

    /// <summary>The sum of an instrument's measurements with one outcome tag.</summary>
    public long Total(string instrument, string outcome) => _totals.GetValueOrDefault((instrument, outcome));

    public void Dispose() => _listener.Dispose();
}
