using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpdTokens.Allocation.Notifications;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Tests.Receivers;

namespace OpdTokens.Allocation.Tests.Notifications;

/// <summary>The dispatcher over the in-memory store and a webhook receiver on loopback: retries through an outage,
/// order per doctor-day, dead letters, consent and languages.</summary>
public sealed class NotificationDispatcherTests
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.UtcNow.Date.AddDays(1));

    [Fact]
    public async Task Everything_arrives_in_order_per_doctor_day_after_an_outage_of_refusals_500s_and_slowness()
    {
        await using var receiver = new WebhookReceiver();
        await using var host = await NotifyingHost.StartAsync(receiver, maxAttempts: 100);
        var expected = await host.AllocateAsync(doctors: 3, perDoctor: 6);

        await Task.Delay(600); // connection refused: nothing listens yet
        receiver.Answer = WebhookReceiver.Mode.Fail;
        receiver.Start();
        await Task.Delay(600);
        receiver.Answer = WebhookReceiver.Mode.Slow;
        await Task.Delay(1200);
        Assert.Empty(receiver.Accepted);
        receiver.Answer = WebhookReceiver.Mode.Ok;

        Assert.True(
            await receiver.WaitForAsync(
                r => r.Select(x => x.Id).Distinct().Count() >= expected.Count,
                TimeSpan.FromSeconds(30)
            ),
            $"{receiver.Accepted.Count} of {expected.Count} arrived"
        );
        var accepted = receiver.Accepted;
        Assert.Equal(expected.Order(), accepted.Select(a => a.Id).Distinct().Order());
        foreach (var day in accepted.GroupBy(a => a.Id.Partition))
        {
            var firstArrivals = day.Select(a => a.Id).Distinct().ToList();
            Assert.Equal(firstArrivals.Order(), firstArrivals);
        }

        Assert.All(accepted, a => Assert.Equal(a.Id.ToString(), a.HeaderId));
        Assert.Equal(0, receiver.Rejected);
        Assert.Equal(0, await host.Outbox.PendingAfterDrainAsync());
    }

    [Fact]
    public async Task An_event_failing_past_the_retry_budget_is_dead_lettered_and_delivered_once_retried()
    {
        await using var receiver = new WebhookReceiver();
        receiver.Start();
        await using var host = await NotifyingHost.StartAsync(receiver, maxAttempts: 3);
        var first = await host.AllocateAsync(doctors: 1, perDoctor: 1);
        Assert.True(await receiver.WaitForAsync(r => r.Count == 1, TimeSpan.FromSeconds(10)));

        // The next allocation of the doctor-day commits the next version; its event will always be refused.
        var poisoned = new AllocationEventId(first[0].Partition, first[0].Version + 1, 1);
        receiver.AlwaysFail[poisoned.ToString()] = true;
        var next = await host.AllocateAsync(doctors: 1, perDoctor: 2, firstPatient: 2);
        Assert.Equal(poisoned, next[0]);

        // The poisoned event is tried three times, dead-lettered, and the stream goes on past it.
        Assert.True(await receiver.WaitForAsync(r => r.Any(x => x.Id == next[1]), TimeSpan.FromSeconds(15)));
        var dead = Assert.Single(await host.Outbox.ListDeadLettersAsync(10, null, default));
        Assert.Equal(poisoned, dead.Id);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("500", dead.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(receiver.Accepted, r => r.Id == poisoned);

        receiver.AlwaysFail.Clear();
        Assert.True(await host.Outbox.RetryDeadLetterAsync(dead.Id, DateTimeOffset.UtcNow, default));
        Assert.True(await receiver.WaitForAsync(r => r.Any(x => x.Id == poisoned), TimeSpan.FromSeconds(10)));
        Assert.Empty(await host.Outbox.ListDeadLettersAsync(10, null, default));
    }

    [Fact]
    public async Task A_permanent_refusal_dead_letters_at_once_and_patients_without_consent_or_phone_are_not_told()
    {
        await using var receiver = new WebhookReceiver();
        receiver.Start();
        await using var host = await NotifyingHost.StartAsync(receiver, maxAttempts: 10);
        var engine = host.Engine;
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Rao", "General"))).GetValueOrThrow();
        var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, Day, new(9, 0), new(10, 0), 10)))
            .GetValueOrThrow()
            .Slot;
        await Allocate(engine, doctor.Id, new Patient("No Consent", "+91 98450 00001"));
        await Allocate(engine, doctor.Id, new Patient("No Phone") { Attributes = Consent("en") });
        var hindi = await Allocate(
            engine,
            doctor.Id,
            new Patient("Asha", "+91 98450 00002") { Attributes = Consent("hi") }
        );

        Assert.True(await receiver.WaitForAsync(r => r.Count >= 1, TimeSpan.FromSeconds(10)));
        await Task.Delay(300);
        var told = Assert.Single(receiver.Accepted);
        Assert.Equal(host.AllocatedEvent(hindi.Id), told.Id);
        Assert.Equal("hi", told.Language);
        Assert.Contains("पक्का", told.Message, StringComparison.Ordinal);
        Assert.Contains(hindi.Number, told.Message, StringComparison.Ordinal);
        Assert.Equal("09:00", slot.StartsAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, await host.Outbox.PendingAfterDrainAsync());
    }

    private sealed class Collector(System.Collections.Concurrent.ConcurrentDictionary<TokenId, AllocationEventId> into)
        : IAllocationEventSink
    {
        public void OnCommitted(System.Collections.Immutable.ImmutableArray<AllocationEvent> events)
        {
            foreach (var e in events.OfType<TokenAllocated>())
            {
                into[e.TokenId] = AllocationEventId.Of(e);
            }
        }
    }

    private static PatientAttributes Consent(string language) =>
        PatientAttributes.Create([new("notify", "yes"), new("lang", language)]);

    private static async Task<Token> Allocate(IAllocationEngine engine, DoctorId doctor, Patient patient) =>
        (await engine.AllocateAsync(new AllocateToken(doctor, patient, TokenSource.WalkIn) { Date = Day }))
            .GetValueOrThrow()
            .Token;

    /// <summary>A DI host with the in-memory store, fast retry settings and a webhook channel to the receiver.</summary>
    private sealed class NotifyingHost : IAsyncDisposable
    {
        private readonly IHost _host;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<TokenId, AllocationEventId> _allocated =
            new();
        private readonly IDisposable _subscription;

        private NotifyingHost(IHost host)
        {
            _host = host;
            _subscription = Engine.Subscribe(new Collector(_allocated));
        }

        public AllocationEventId AllocatedEvent(TokenId token) => _allocated[token];

        public IAllocationEngine Engine => _host.Services.GetRequiredService<IAllocationEngine>();

        public IOutboxStore Outbox => (IOutboxStore)_host.Services.GetRequiredService<IStateStore>();

        public static async Task<NotifyingHost> StartAsync(WebhookReceiver receiver, int maxAttempts)
        {
            var builder = Host.CreateApplicationBuilder();
            builder
                .Services.AddOpdTokenAllocation(o => o.TimeZoneId = "UTC")
                .AddNotifications(o =>
                {
                    o.MaxAttempts = maxAttempts;
                    o.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                    o.RetryMaxDelay = TimeSpan.FromMilliseconds(300);
                    o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
                    o.LeaseDuration = TimeSpan.FromSeconds(2);
                    o.PollInterval = TimeSpan.FromMilliseconds(50);
                })
                .AddWebhookChannel(o =>
                {
                    o.Url = receiver.Url;
                    o.Secret = WebhookReceiver.Secret;
                });
            var host = builder.Build();
            await host.StartAsync();
            return new NotifyingHost(host);
        }

        /// <summary>Registers doctors and allocates tokens for consenting patients; returns the events that must
        /// reach the receiver (one TokenAllocated per token).</summary>
        public async Task<List<AllocationEventId>> AllocateAsync(int doctors, int perDoctor, int firstPatient = 1)
        {
            var ids = new List<AllocationEventId>();
            for (var d = 1; d <= doctors; d++)
            {
                var id = new DoctorId("N" + d);
                if (await Engine.GetDoctorAsync(id) is null)
                {
                    (
                        await Engine.RegisterDoctorAsync(new RegisterDoctor("Dr. N" + d, "General") { Id = id })
                    ).GetValueOrThrow();
                    (await Engine.AddSlotAsync(new AddSlot(id, Day, new(9, 0), new(17, 0), 500))).GetValueOrThrow();
                }

                for (var n = firstPatient; n < firstPatient + perDoctor; n++)
                {
                    var token = await Allocate(
                        Engine,
                        id,
                        new Patient($"Patient {n}", "+91 98450 12345") { Attributes = Consent("en") }
                    );
                    ids.Add(_allocated[token.Id]);
                }
            }

            return ids;
        }

        public async ValueTask DisposeAsync()
        {
            _subscription.Dispose();
            await _host.StopAsync();
            _host.Dispose();
        }
    }
}
