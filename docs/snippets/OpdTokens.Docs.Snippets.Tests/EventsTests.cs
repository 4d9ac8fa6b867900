using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Diagnostics;

namespace OpdTokens.Docs.Snippets.Tests;

[Collection(SerialTests.Name)]
public sealed class EventsTests
{
    [Fact]
    public async Task Subscriber_gets_audit_lines_with_the_actor_until_it_unsubscribes()
    {
        var (trail, afterUnsubscribe) = await Events.SubscribeAsync();

        Assert.Equal(
            [
                "2026-11-21T08:00:00.0000000+00:00 D1/2026-11-21 v2 portal: "
                    + "allocated T-D1-20261121-1 in S-D1-20261121-1 (Allocated, Online)",
                "2026-11-21T08:00:00.0000000+00:00 D1/2026-11-21 v3 desk: waitlisted T-D1-20261121-2 (WalkIn)",
            ],
            trail
        );
        Assert.Empty(afterUnsubscribe);
    }

    [Fact]
    public async Task Registered_sink_receives_every_commit()
    {
        using var provider = Events.RegisterSink();
        var engine = provider.GetRequiredService<IAllocationEngine>();
        var sink = provider.GetServices<IAllocationEventSink>().OfType<AuditTrailSink>().Single();

        var doctor = (await engine.RegisterDoctorAsync(new("Dr. Rao", "Cardiology"))).GetValueOrThrow();
        await engine.AddSlotAsync(new(doctor.Id, engine.Today.AddDays(1), new(9, 0), new(10, 0), 5));

        Assert.True(sink.Reader.TryRead(out var added));
        Assert.IsType<SlotAdded>(added);
    }

    [Fact]
    public async Task Meter_listener_counts_allocations_by_outcome()
    {
        var counts = await Events.ListenAsync(async () =>
        {
            var (_, _, _) = await Snippets.Concepts.EmergencyAsync();
        });

        Assert.Equal(1, counts[$"{AllocationTelemetry.Allocations}[allocated]"]);
        Assert.Equal(1, counts[$"{AllocationTelemetry.Allocations}[overflow]"]);
        Assert.Equal(1, counts[$"{AllocationTelemetry.Allocations}[bumped_other]"]);
        Assert.Equal(1, counts[AllocationTelemetry.Overflows]);
        Assert.Equal(1, counts[AllocationTelemetry.Bumps]);
    }
}
