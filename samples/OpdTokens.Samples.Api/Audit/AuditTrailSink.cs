using System.Collections.Immutable;
using System.Globalization;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Json;

namespace OpdTokens.Samples.Api.Audit;

/// <summary>Writes one audit line per domain event: what changed, by ids only, and which key role acted.</summary>
/// <remarks>Events carry ids, never personal data, so the audit trail is safe to ship to a log store. Logging is
/// buffered by the logging providers, so this sink does not hold up the engine's writers.</remarks>
public sealed partial class AuditTrailSink(ILogger<AuditTrailSink> logger) : IAllocationEventSink
{
    public void OnCommitted(ImmutableArray<AllocationEvent> events)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        foreach (var e in events)
        {
            var name = e.GetType().Name;
            var partition = e.Partition.ToString();
            var details = Describe(e);
            LogEvent(logger, name, partition, e.Version, e.Actor ?? "system", details);
        }
    }

    /// <summary>Registry changes: the doctor's id and availability (a doctor's record holds no patient data).</summary>
    public void OnDoctorChanged(DoctorEvent doctorEvent)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogDoctorEvent(
                logger,
                doctorEvent.GetType().Name,
                doctorEvent.DoctorId.Value,
                doctorEvent.Actor ?? "system",
                doctorEvent.Doctor.IsActive
            );
        }
    }

    /// <summary>The event's ids and figures; nothing personal exists on an event to print.</summary>
    private static string Describe(AllocationEvent e) =>
        e switch
        {
            TokenAllocated a =>
                $"token={a.TokenId} slot={a.SlotId} source={WireNames.Of(a.Source)} outcome={WireNames.Of(a.Outcome)}",
            TokenWaitlisted w => $"token={w.TokenId} source={WireNames.Of(w.Source)}",
            TokenBumped b =>
                $"token={b.TokenId} from={b.FromSlotId} to={b.ToSlotId?.ToString() ?? "waitlist"} by={b.ByTokenId}",
            TokenPromoted p => $"token={p.TokenId} slot={p.SlotId}",
            TokenReallocated r =>
                $"token={r.TokenId} from={r.FromSlotId} to={r.ToSlotId?.ToString() ?? "waitlist"} reason={WireNames.Of(r.Reason)}",
            TokenStatusChanged s => $"token={s.TokenId} from={WireNames.Of(s.From)} to={WireNames.Of(s.To)}",
            TokenCancelled c => $"token={c.TokenId} from={WireNames.Of(c.From)} slot={c.SlotId?.ToString() ?? "none"}",
            TokenMarkedNoShow n => $"token={n.TokenId} slot={n.SlotId}",
            EmergencyOverflowed o => string.Create(
                CultureInfo.InvariantCulture,
                $"token={o.TokenId} slot={o.SlotId} occupancy={o.Occupancy}/{o.MaxCapacity}"
            ),
            SlotAdded s => string.Create(CultureInfo.InvariantCulture, $"slot={s.SlotId} capacity={s.MaxCapacity}"),
            SlotClosed c => string.Create(CultureInfo.InvariantCulture, $"slot={c.SlotId} moved={c.MovedTokens}"),
            SlotResized r => string.Create(
                CultureInfo.InvariantCulture,
                $"slot={r.SlotId} capacity={r.OldCapacity}->{r.NewCapacity}"
            ),
            DelayReported d => string.Create(
                CultureInfo.InvariantCulture,
                $"delay={d.Delay.TotalMinutes:0}min moved={d.MovedTokens}"
            ),
            _ => string.Empty,
        };

    [LoggerMessage(
        EventId = 101,
        Level = LogLevel.Information,
        Message = "Audit {Event} doctor={Doctor} by {Actor}: active={IsActive}"
    )]
    private static partial void LogDoctorEvent(
        ILogger logger,
        string @event,
        string doctor,
        string actor,
        bool isActive
    );

    [LoggerMessage(
        EventId = 100,
        Level = LogLevel.Information,
        Message = "Audit {Event} {Partition} v{Version} by {Actor}: {Details}"
    )]
    private static partial void LogEvent(
        ILogger logger,
        string @event,
        string partition,
        long version,
        string actor,
        string details
    );
}
