using System.Collections.Immutable;
using System.Reflection;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>Domain events: one batch per committed change, stamped with the change, after the commit.</summary>
public sealed class EngineEventTests
{
    [Fact]
    public async Task Every_command_emits_its_events_stamped_with_partition_version_time_and_actor()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        const string Actor = "desk-7";
        var today = h.Today;

        async Task<(T Result, ImmutableArray<AllocationEvent> Events)> Run<T>(
            Func<Task<CommandResult<T>>> command,
            params Type[] expected
        )
            where T : class
        {
            var before = await h.DayAsync(doctor);
            var result = (await command()).GetValueOrThrow();
            var batch = h.Events.TakeSingleBatch();
            var after = await h.DayAsync(doctor);
            Assert.Equal(expected, batch.Select(e => e.GetType()).ToArray());
            Assert.Equal(before.Version + 1, after.Version);
            Assert.All(
                batch,
                e =>
                {
                    Assert.Equal(after.Key, e.Partition);
                    Assert.Equal(after.Version, e.Version);
                    Assert.Equal(h.Clock.GetUtcNow(), e.OccurredAt);
                    Assert.Equal(Actor, e.Actor);
                }
            );
            return (result, batch);
        }

        Task<CommandResult<AllocationResult>> Allocate(string name, TokenSource source, Slot slot) =>
            h.Engine.AllocateAsync(Hospital.Request(doctor, name, source, slot) with { Actor = Actor }).AsTask();
        Task<CommandResult<StatusChangeResult>> SetStatus(Token token, TokenStatus status) =>
            h.Engine.ChangeStatusAsync(new ChangeTokenStatus(token.Id, status) { Actor = Actor }).AsTask();

        var nine = (
            await Run(
                () =>
                    h
                        .Engine.AddSlotAsync(new AddSlot(doctor.Id, today, new(9, 0), new(10, 0), 1) { Actor = Actor })
                        .AsTask(),
                typeof(SlotAdded)
            )
        )
            .Result
            .Slot;
        var ten = (
            await Run(
                () =>
                    h
                        .Engine.AddSlotAsync(new AddSlot(doctor.Id, today, new(10, 0), new(11, 0), 1) { Actor = Actor })
                        .AsTask(),
                typeof(SlotAdded)
            )
        )
            .Result
            .Slot;
        var (walkIn, _) = await Run(() => Allocate("W", TokenSource.WalkIn, nine), typeof(TokenAllocated));
        var (paid, bump) = await Run(
            () => Allocate("P", TokenSource.Paid, nine),
            typeof(TokenBumped),
            typeof(TokenAllocated)
        );
        var (emergency, overflow) = await Run(
            () => Allocate("E", TokenSource.Emergency, nine),
            typeof(EmergencyOverflowed),
            typeof(TokenAllocated)
        );
        var (waiting, _) = await Run(() => Allocate("Q", TokenSource.Online, nine), typeof(TokenWaitlisted));
        await Run(() => SetStatus(paid.Token, TokenStatus.CheckedIn), typeof(TokenStatusChanged));
        await Run(
            () => h.Engine.ResizeSlotAsync(new ResizeSlot(ten.Id, 2) { Actor = Actor }).AsTask(),
            typeof(SlotResized),
            typeof(TokenPromoted)
        );
        await Run(() => SetStatus(walkIn.Token, TokenStatus.NoShow), typeof(TokenMarkedNoShow));
        await Run(() => SetStatus(waiting.Token, TokenStatus.Cancelled), typeof(TokenCancelled));
        await Run(
            () => h.Engine.ReallocateAsync(new ReallocateToken(emergency.Token.Id, ten.Id) { Actor = Actor }).AsTask(),
            typeof(TokenReallocated)
        );
        await Run(
            () =>
                h
                    .Engine.ReportDelayAsync(
                        new ReportDelay(doctor.Id, today, TimeSpan.FromMinutes(20)) { Actor = Actor }
                    )
                    .AsTask(),
            typeof(DelayReported)
        );
        await Run(
            () => h.Engine.CloseSlotAsync(new CloseSlot(ten.Id) { Actor = Actor }).AsTask(),
            typeof(TokenReallocated),
            typeof(SlotClosed)
        );

        var bumped = (TokenBumped)bump[0];
        Assert.Equal(
            (walkIn.Token.Id, paid.Token.Id, nine.Id, (SlotId?)ten.Id),
            (bumped.TokenId, bumped.ByTokenId, bumped.FromSlotId, bumped.ToSlotId)
        );
        Assert.Equal(emergency.Token.Id, ((EmergencyOverflowed)overflow[0]).TokenId);
    }

    [Fact]
    public async Task Failed_commands_and_no_ops_emit_nothing()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine)).Token;
        h.Events.Take();

        await h.Engine.AllocateAsync(Hospital.Request(doctor, "", TokenSource.Online));
        await h.SetStatusAsync(token.Id, TokenStatus.Completed);
        await h.Engine.ResizeSlotAsync(new ResizeSlot(nine.Id, 1));
        await h.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, h.Today, TimeSpan.Zero));

        Assert.Empty(h.Events.Take());
    }

    [Fact]
    public void Events_carry_ids_and_figures_never_personal_data()
    {
        var allowed = new HashSet<Type>
        {
            typeof(EventStamp),
            typeof(PartitionKey),
            typeof(TokenId),
            typeof(TokenId?),
            typeof(SlotId),
            typeof(SlotId?),
            typeof(TokenSource),
            typeof(TokenStatus),
            typeof(AllocationOutcome),
            typeof(MoveReason),
            typeof(int),
            typeof(long),
            typeof(TimeSpan),
            typeof(DateTimeOffset),
        };
        var eventTypes = typeof(AllocationEvent)
            .Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(AllocationEvent)))
            .ToList();

        Assert.Equal(13, eventTypes.Count);
        foreach (var type in eventTypes)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var ok =
                    allowed.Contains(property.PropertyType)
                    || (property.Name == nameof(AllocationEvent.Actor) && property.PropertyType == typeof(string));
                Assert.True(ok, $"{type.Name}.{property.Name} is a {property.PropertyType.Name}.");
            }
        }
    }

    [Fact]
    public async Task Registered_sinks_and_subscribers_receive_every_batch_until_unsubscribed()
    {
        var registered = new EventRecorder();
        using var engine = new AllocationEngine(
            new OpdTokenAllocationOptions(),
            timeProvider: new OpdTokens.Allocation.Testing.ManualTimeProvider(Hospital.Opening),
            sinks: [registered]
        );
        var subscriber = new EventRecorder();
        var subscription = engine.Subscribe(subscriber);
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "ENT"))).GetValueOrThrow();

        (await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(9, 0), new(10, 0), 2))).GetValueOrThrow();
        subscription.Dispose();
        (await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(10, 0), new(11, 0), 2))).GetValueOrThrow();
        subscription.Dispose();
        (await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(11, 0), new(12, 0), 2))).GetValueOrThrow();

        Assert.Equal(3, registered.Batches.Count);
        Assert.Single(subscriber.Batches);
    }

    [Fact]
    public async Task Throwing_sink_does_not_undo_the_change_or_starve_other_sinks()
    {
        using var h = Hospital.Open();
        using var metrics = new MetricsRecorder(h.Engine.Meter);
        using var subscription = h.Engine.Subscribe(new ThrowingSink());
        var after = new EventRecorder();
        using var afterSubscription = h.Engine.Subscribe(after);
        var doctor = await h.DoctorAsync();

        var slot = await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, h.Today, new(9, 0), new(10, 0), 2));

        Assert.True(slot.IsSuccess);
        Assert.Single((await h.DayAsync(doctor)).Slots);
        Assert.Single(after.Batches);
        Assert.Equal(1, metrics.Total(OpdTokens.Allocation.Diagnostics.AllocationTelemetry.EventSinkFailures));
    }

    private sealed class ThrowingSink : IAllocationEventSink
    {
        public void OnCommitted(ImmutableArray<AllocationEvent> events) =>
            throw new InvalidOperationException("Display board offline.");
    }

    [Fact]
    public async Task Registry_changes_reach_the_sinks_once_saved_and_refused_changes_raise_nothing()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(o => o.MaxConflictRetries = 1, store);
        var registered = (
            await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "ENT") { Actor = "admin" })
        ).GetValueOrThrow();
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var renamed = (
            await h.Engine.UpdateDoctorAsync(new UpdateDoctor(registered.Id, "Dr Rao Jr", "ENT", IsActive: true))
        ).GetValueOrThrow();
        var deactivated = (await h.Engine.DeactivateDoctorAsync(new DeactivateDoctor(registered.Id))).GetValueOrThrow();
        await h.Engine.UpdateDoctorAsync(new UpdateDoctor(new DoctorId("NOPE"), "Dr X", "ENT", IsActive: true));
        store.ConflictNextDoctorSaves(5);
        var lost = await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Iyer", "ENT"));

        Assert.Equal(AllocationErrorCode.Conflict, lost.Error?.Code);
        Assert.Collection(
            h.Events.DoctorEvents,
            e =>
            {
                var added = Assert.IsType<DoctorRegistered>(e);
                Assert.Equal(registered, added.Doctor);
                Assert.Equal("admin", added.Actor);
                Assert.Equal(Hospital.Opening, added.OccurredAt);
            },
            e =>
            {
                var updated = Assert.IsType<DoctorUpdated>(e);
                Assert.Equal(registered, updated.Previous);
                Assert.Equal(renamed, updated.Doctor);
                Assert.Null(updated.Actor);
                Assert.Equal(Hospital.Opening.AddMinutes(5), updated.OccurredAt);
            },
            e => Assert.Equal(deactivated, Assert.IsType<DoctorDeactivated>(e).Doctor)
        );
        Assert.False(deactivated.IsActive);
        Assert.Empty(h.Events.Batches);
    }

    [Fact]
    public async Task A_sink_that_throws_on_a_registry_change_does_not_undo_it()
    {
        using var engine = new AllocationEngine(
            new OpdTokenAllocationOptions(),
            sinks: [new ThrowsOnDoctors()],
            timeProvider: new OpdTokens.Allocation.Testing.ManualTimeProvider(Hospital.Opening)
        );

        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "ENT"))).GetValueOrThrow();

        Assert.Equal(doctor, await engine.GetDoctorAsync(doctor.Id));
    }

    private sealed class ThrowsOnDoctors : IAllocationEventSink
    {
        public void OnCommitted(ImmutableArray<AllocationEvent> events) { }

        public void OnDoctorChanged(DoctorEvent doctorEvent) =>
            throw new InvalidOperationException("Registry feed offline.");
    }
}
