using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Diagnostics;

namespace OpdTokens.Docs.Snippets;

/// <summary>The code of docs/articles/events-and-metrics.md.</summary>
public static class Events
{
    public static ServiceProvider RegisterSink(ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        if (logs is not null)
        {
            services.AddSingleton(logs);
        }

        #region register-sink
        services.AddLogging();
        services.AddOpdTokenAllocation().AddEventSink<AuditTrailSink>();

        // AddEventSink also registers the AuditTrailSink itself, so the writer gets the instance the engine feeds.
        services.AddHostedService<AuditTrailWriter>();
        #endregion

        return services.BuildServiceProvider();
    }

    #region audit-line
    /// <summary>One line of the audit trail: ids, times, the actor, never a patient's name or phone.</summary>
    public static string AuditLine(AllocationEvent e)
    {
        var what = e switch
        {
            TokenAllocated a => $"allocated {a.TokenId} in {a.SlotId} ({a.Outcome}, {a.Source})",
            TokenWaitlisted w => $"waitlisted {w.TokenId} ({w.Source})",
            TokenBumped b =>
                $"bumped {b.TokenId} from {b.FromSlotId} to {b.ToSlotId?.ToString() ?? "waitlist"} by {b.ByTokenId}",
            TokenPromoted p => $"promoted {p.TokenId} into {p.SlotId}",
            TokenReallocated r =>
                $"moved {r.TokenId} from {r.FromSlotId} to {r.ToSlotId?.ToString() ?? "waitlist"} ({r.Reason})",
            TokenStatusChanged s => $"{s.TokenId} {s.From} -> {s.To}",
            TokenCancelled c => $"cancelled {c.TokenId} (was {c.From})",
            TokenMarkedNoShow n => $"no-show {n.TokenId} in {n.SlotId}",
            EmergencyOverflowed o => $"OVERFLOW {o.TokenId} in {o.SlotId}: {o.Occupancy}/{o.MaxCapacity}, review",
            SlotAdded s => $"slot {s.SlotId} added, {s.MaxCapacity} seats",
            SlotClosed s => $"slot {s.SlotId} closed, {s.MovedTokens} tokens moved",
            SlotResized s => $"slot {s.SlotId} resized {s.OldCapacity} -> {s.NewCapacity}",
            DelayReported d => $"doctor running {d.Delay.TotalMinutes:0} min late, {d.MovedTokens} tokens moved",
            _ => e.GetType().Name,
        };
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{e.OccurredAt:O} {e.Partition} v{e.Version} {e.Actor ?? "-"}: {what}"
        );
    }
    #endregion

    public static async Task<(List<string> Trail, ImmutableArray<string> AfterUnsubscribe)> SubscribeAsync()
    {
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 1);
        var engine = example.Engine;
        var doctorId = example.Doctor.Id;

        #region subscribe
        var sink = new AuditTrailSink();
        using (engine.Subscribe(sink)) // disposing the handle unsubscribes
        {
            var asha = new AllocateToken(doctorId, new Patient("Asha"), TokenSource.Online) { Actor = "portal" };
            await engine.AllocateAsync(asha);
            var ravi = new AllocateToken(doctorId, new Patient("Ravi"), TokenSource.WalkIn) { Actor = "desk" };
            await engine.AllocateAsync(ravi); // the one seat is taken: waitlisted
        }

        var trail = new List<string>();
        while (sink.Reader.TryRead(out var e))
        {
            trail.Add(AuditLine(e));
        }

        // Two lines, each "{when:O} {doctor-day} v{version} {actor}: {what}":
        // 2026-11-21T08:00:00.0000000+00:00 D1/2026-11-21 v2 portal: allocated T-D1-20261121-1 in S-D1-20261121-1 ...
        // 2026-11-21T08:00:00.0000000+00:00 D1/2026-11-21 v3 desk: waitlisted T-D1-20261121-2 (WalkIn)
        #endregion

        var lines = ImmutableArray.CreateBuilder<string>();
        await engine.AllocateAsync(new AllocateToken(doctorId, new Patient("Meena"), TokenSource.WalkIn));
        while (sink.Reader.TryRead(out var late))
        {
            lines.Add(AuditLine(late)); // nothing: unsubscribed
        }

        return (trail, lines.ToImmutable());
    }

    public static async Task<Dictionary<string, long>> ListenAsync(Func<Task> work)
    {
        #region meter-listener
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AllocationTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>(
            (instrument, value, tags, _) =>
            {
                // opdtokens.allocation.allocations carries an "outcome" tag: allocated, bumped_other, overflow, ...
                var outcome = tags.ToArray().FirstOrDefault(t => t.Key == AllocationTelemetry.OutcomeTag).Value;
                var key = outcome is null ? instrument.Name : $"{instrument.Name}[{outcome}]";
                lock (counts)
                {
                    counts[key] = counts.GetValueOrDefault(key) + value;
                }
            }
        );
        listener.Start();
        #endregion

        await work();
        return counts;
    }
}
