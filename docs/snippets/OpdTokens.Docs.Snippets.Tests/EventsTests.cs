using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        var sink = provider.GetRequiredService<AuditTrailSink>();

        var doctor = (await engine.RegisterDoctorAsync(new("Dr. Rao", "Cardiology"))).GetValueOrThrow();
        await engine.AddSlotAsync(new(doctor.Id, engine.Today.AddDays(1), new(9, 0), new(10, 0), 5));

        Assert.Same(sink, Assert.Single(provider.GetServices<IAllocationEventSink>()));
        Assert.True(sink.Reader.TryRead(out var added));
        Assert.IsType<SlotAdded>(added);
    }

    [Fact]
    public async Task The_audit_writer_drains_the_registered_sink_in_the_background()
    {
        var logs = new LineCollector();
        using var provider = Events.RegisterSink(logs);
        var writer = Assert.IsType<AuditTrailWriter>(Assert.Single(provider.GetServices<IHostedService>()));
        var engine = provider.GetRequiredService<IAllocationEngine>();

        await writer.StartAsync(CancellationToken.None);
        var doctor = (await engine.RegisterDoctorAsync(new("Dr. Rao", "Cardiology"))).GetValueOrThrow();
        var slot = (await engine.AddSlotAsync(new(doctor.Id, engine.Today.AddDays(1), new(9, 0), new(10, 0), 5)))
            .GetValueOrThrow()
            .Slot;
        var expected = $"slot {slot.Id} added, 5 seats";
        var line = await logs.WaitForAsync(
            l => l.EndsWith(expected, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10)
        );
        await writer.StopAsync(CancellationToken.None);

        Assert.Contains(" v1 -: ", line, StringComparison.Ordinal);
    }

    /// <summary>Collects the formatted log lines of every logger.</summary>
    private sealed class LineCollector : ILoggerProvider, ILogger
    {
        private readonly System.Threading.Channels.Channel<string> _lines =
            System.Threading.Channels.Channel.CreateUnbounded<string>();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        ) => _lines.Writer.TryWrite(formatter(state, exception));

        public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan timeout)
        {
            using var cancellation = new CancellationTokenSource(timeout);
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancellation.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }

        public void Dispose() { }
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
