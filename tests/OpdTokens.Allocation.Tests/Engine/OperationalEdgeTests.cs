using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpdTokens.Allocation.Diagnostics;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>What an operations team found at the edges (issue 16): dates, deadlines, contention, stale caches,
/// logging and bounded memory.</summary>
public sealed class OperationalEdgeTests
{
    [Fact]
    public async Task Bookings_slots_and_delays_beyond_the_horizon_or_in_the_past_are_refused_and_change_nothing()
    {
        using var h = Hospital.Open(o => o.BookingHorizonDays = 30);
        var doctor = await h.DoctorAsync();
        var far = h.Today.AddDays(31);
        var yesterday = h.Today.AddDays(-1);

        var slot = await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, far, new(9, 0), new(10, 0), 5));
        var booking = await h.Engine.AllocateAsync(
            new AllocateToken(doctor.Id, new Patient("Asha"), TokenSource.Online) { Date = far }
        );
        var pastDelay = await h.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, yesterday, TimeSpan.FromMinutes(5)));
        var farDelay = await h.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, far, TimeSpan.FromMinutes(5)));

        foreach (var error in new[] { slot.Error, booking.Error, pastDelay.Error, farDelay.Error })
        {
            Assert.Equal(AllocationErrorCode.ValidationFailed, error?.Code);
            Assert.Equal("date", Assert.Single(error!.FieldErrors).Field);
        }

        Assert.Empty(await h.Engine.GetDoctorDaysAsync(null));
        Assert.True(
            (await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, far.AddDays(-1), new(9, 0), new(10, 0), 5))).IsSuccess
        );
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(365)]
    public async Task Any_date_of_the_calendar_gets_a_typed_answer_whatever_the_clock(int seed)
    {
        // Dates and clocks across the whole calendar, the ends included: never an overflow, always an answer.
        var random = new Random(seed);
        var instants = new[]
        {
            DateTimeOffset.MinValue.AddDays(1),
            new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero),
            DateTimeOffset.MaxValue.AddDays(-2),
        };
        foreach (var now in instants)
        {
            using var h = Hospital.Open(clock: new ManualTimeProvider(now));
            var doctor = await h.DoctorAsync();
            var dates = new[]
            {
                DateOnly.MinValue,
                DateOnly.MaxValue,
                h.Today,
                DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber)),
            };
            foreach (var date in dates)
            {
                var slot = await h.Engine.AddSlotAsync(new AddSlot(doctor.Id, date, new(23, 0), new(23, 30), 1));
                var request = new AllocateToken(doctor.Id, new Patient("Asha"), TokenSource.WalkIn) { Date = date };
                await h.Engine.AllocateAsync(request);
                var waitlisted = await h.Engine.AllocateAsync(request with { Source = TokenSource.Online });
                await h.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, date, TimeSpan.FromHours(12)));
                await h.Engine.GetDoctorDayAnalyticsAsync(new PartitionKey(doctor.Id, date));

                Assert.True(slot.IsSuccess || slot.Error.Code == AllocationErrorCode.ValidationFailed);
                Assert.True(waitlisted.IsSuccess || waitlisted.Error.Code == AllocationErrorCode.ValidationFailed);
            }
        }
    }

    [Fact]
    public async Task A_committed_booking_is_answered_even_when_the_alternatives_search_fails()
    {
        var store = new ListingFailsStore();
        var logs = new LogRecorder();
        var (opened, doctor, slot) = await OpenRaoAsync(store, capacity: 1, logs);
        using var engine = opened;
        await engine.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Asha"), TokenSource.WalkIn));
        store.FailLoads = true;

        var result = await engine.AllocateAsync(
            new AllocateToken(doctor.Id, new Patient("Ravi"), TokenSource.WalkIn) { PreferredSlotId = slot.Id }
        );

        Assert.Equal(AllocationOutcome.Waitlisted, result.GetValueOrThrow().Outcome);
        Assert.Empty(result.Value!.Alternatives);
        var logged = Assert.Single(logs.Entries, e => e.Id.Name == "AfterCommitFailed");
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.DoesNotContain("Ravi", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_whose_alternatives_search_fails_fails_as_the_store_did()
    {
        // Nothing was committed, so the store's failure is the answer (unlike a booking already made).
        var store = new ListingFailsStore();
        var (opened, doctor, _) = await OpenRaoAsync(store, capacity: 1);
        using var engine = opened;
        await engine.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Asha"), TokenSource.WalkIn));
        store.FailLoads = true;

        await Assert.ThrowsAsync<StateStoreException>(async () =>
            await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("Ravi"), TokenSource.WalkIn) { WaitlistIfFull = false }
            )
        );
    }

    [Fact]
    public async Task A_store_that_stops_answering_fails_the_command_at_the_deadline_and_changes_nothing()
    {
        var clock = new ManualTimeProvider(Hospital.Opening);
        var store = new FaultyStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(o => o.StoreTimeout = TimeSpan.FromSeconds(2), store, clock: clock);
        var doctor = await h.DoctorAsync();
        var slot = await h.SlotAsync(doctor, 9, 3);
        var before = await h.DayAsync(doctor);
        store.HoldCommits();

        var pending = h.Engine.AllocateAsync(Hospital.Request(doctor, "Asha", TokenSource.Online, slot)).AsTask();
        await store.CommitHeld.Task;
        // The deadline's timer is armed just after the store's call returns, on the command's thread.
        for (var spins = 0; clock.ArmedTimerCount == 0 && spins < 1000; spins++)
        {
            await Task.Delay(5);
        }

        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));

        var failure = await Assert.ThrowsAsync<StateStoreException>(() => pending);
        Assert.Contains("did not answer within 2 s", failure.Message, StringComparison.Ordinal);
        Assert.Same(before, await h.DayAsync(doctor));
        store.ReleaseCommits();
    }

    [Fact]
    public async Task An_emergency_is_never_refused_for_contention_while_other_requests_give_up()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(o => o.MaxConflictRetries = 3, store);
        var doctor = await h.DoctorAsync();
        var slot = await h.SlotAsync(doctor, 9, 5);

        store.ConflictNextCommits(12);
        var walkIn = await h.Engine.AllocateAsync(Hospital.Request(doctor, "Ravi", TokenSource.WalkIn, slot));
        var emergency = await h.Engine.AllocateAsync(Hospital.Request(doctor, "Asha", TokenSource.Emergency, slot));

        Assert.Equal(AllocationErrorCode.Conflict, walkIn.Error?.Code);
        Assert.Equal(AllocationOutcome.Allocated, emergency.GetValueOrThrow().Outcome);
    }

    [Fact]
    public async Task A_token_another_instance_created_is_found_within_the_snapshot_age_not_reported_missing()
    {
        var store = new InMemoryStateStore();
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var a = Hospital.Open(o => o.SnapshotMaxAge = TimeSpan.FromMinutes(5), store, clock: clock);
        using var b = Hospital.Open(o => o.SnapshotMaxAge = TimeSpan.FromMinutes(5), store, clock: clock);
        var doctor = await a.DoctorAsync();
        var slot = await a.SlotAsync(doctor, 9, 5);
        await b.DayAsync(doctor);

        var created = await a.AllocateAsync(doctor, "Asha", TokenSource.Online, slot);

        Assert.Equal(created.Token.Id, (await b.Engine.GetTokenAsync(created.Token.Id))?.Id);
        Assert.Equal(created.Token.Id, (await b.Engine.FindTokenByNumberAsync(created.Token.Number))?.Id);
        Assert.Null(await b.Engine.GetTokenAsync(new TokenId(created.Token.Partition, 99)));
    }

    [Fact]
    public async Task An_emergency_that_replaces_the_patients_token_names_it()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var slot = await h.SlotAsync(doctor, 9, 5);
        var first = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Asha", TokenSource.Online, slot) with
            {
                Patient = new Patient("Asha", PatientId: "MRN-1"),
            }
        );

        var emergency = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Asha", TokenSource.Emergency, slot) with
            {
                Patient = new Patient("Asha", PatientId: "MRN-1"),
            }
        );

        var replaced = emergency.GetValueOrThrow().ReplacedToken;
        Assert.Equal(first.GetValueOrThrow().Token.Id, replaced?.Id);
        Assert.Equal(TokenStatus.Cancelled, replaced!.Status);
        Assert.Null(first.Value!.ReplacedToken);
    }

    [Fact]
    public async Task A_failing_sink_and_a_command_are_logged_and_measured_without_patient_data()
    {
        var logs = new LogRecorder();
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var engine = new AllocationEngine(
            new OpdTokenAllocationOptions(),
            sinks: [new ThrowingSink()],
            timeProvider: clock,
            logger: logs.For<AllocationEngine>()
        );
        using var durations = new HistogramRecorder(engine.Meter, AllocationTelemetry.CommandDuration);
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "Cardiology"))).GetValueOrThrow();
        await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(9, 0), new(10, 0), 1));

        await engine.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Asha Menon"), TokenSource.WalkIn));
        await engine.AllocateAsync(
            new AllocateToken(doctor.Id, new Patient("Ravi Iyer"), TokenSource.WalkIn) { WaitlistIfFull = false }
        );

        var sink = Assert.Single(logs.Entries, e => e.Id.Name == "SinkFailed" && e.Message.Contains("v2"));
        Assert.Equal(LogLevel.Warning, sink.Level);
        Assert.Contains(nameof(ThrowingSink), sink.Message, StringComparison.Ordinal);
        Assert.All(logs.Entries, e => Assert.DoesNotContain("Asha", e.Message, StringComparison.Ordinal));
        Assert.Contains(("allocate", "success"), durations.Tags);
        Assert.Contains(("add_slot", "success"), durations.Tags);
        Assert.Contains(("allocate", "slot_full"), durations.Tags);
    }

    [Fact]
    public async Task A_commit_slower_than_half_a_second_is_logged_and_a_quick_one_is_not()
    {
        var logs = new LogRecorder();
        var store = new FaultyStateStore(new InMemoryStateStore());
        var (opened, doctor, _) = await OpenRaoAsync(store, capacity: 5, logs);
        using var engine = opened;
        await engine.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Asha Menon"), TokenSource.WalkIn));

        store.HoldCommits();
        var slow = engine
            .AllocateAsync(new AllocateToken(doctor.Id, new Patient("Ravi Iyer"), TokenSource.WalkIn))
            .AsTask();
        await store.CommitHeld.Task;
        // The threshold is wall time measured around the store's commit, so the test waits for real.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        store.ReleaseCommits();
        (await slow).GetValueOrThrow();

        var logged = Assert.Single(logs.Entries, e => e.Id.Name == "SlowCommit");
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("v3", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_commit_is_timed_by_store_when_someone_listens()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        var (opened, doctor, _) = await OpenRaoAsync(store, capacity: 5);
        using var engine = opened;
        using var commits = new HistogramRecorder(engine.Meter, AllocationTelemetry.StoreCommitDuration);

        await engine.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Asha Menon"), TokenSource.WalkIn));
        await engine.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Ravi Iyer"), TokenSource.WalkIn));

        // Two commits of the doctor-day, named by the store's own type (the engine's deadline is not one).
        Assert.Equal([nameof(FaultyStateStore), nameof(FaultyStateStore)], commits.Stores);
    }

    [Fact]
    public async Task Two_simulated_months_of_traffic_keep_the_store_and_the_cache_flat()
    {
        var clock = new ManualTimeProvider(Hospital.Opening);
        var store = new InMemoryStateStore(new InMemoryStateStoreOptions { RetentionDays = 7 });
        using var h = Hospital.Open(o => o.MaxCachedDoctorDays = 40, store, clock: clock);
        var doctors = new List<Doctor>();
        for (var d = 0; d < 5; d++)
        {
            doctors.Add(await h.DoctorAsync("Dr " + d));
        }

        var mostStored = 0;
        var mostCached = 0;
        for (var day = 0; day < 60; day++)
        {
            foreach (var doctor in doctors)
            {
                var slot = await h.SlotAsync(doctor, 9, 30);
                for (var i = 0; i < 30; i++)
                {
                    await h.AllocateAsync(doctor, "Patient " + i, TokenSource.WalkIn, slot);
                }

                // Tomorrow's bookings too, so the cache holds more than one day at a time.
                await h.SlotAsync(doctor, 10, 10, dayOffset: 1);
            }

            mostStored = Math.Max(mostStored, store.DoctorDayCount);
            mostCached = Math.Max(mostCached, h.Engine.CachedDoctorDays);
            clock.Advance(TimeSpan.FromDays(1));
        }

        // What holds memory is counted, not sampled from a heap other tests share: the store keeps the retention's
        // week plus today and tomorrow, the engine about three days, both as many on day 60 as on day 10.
        Assert.InRange(mostStored, 5 * 8, 5 * 9);
        Assert.InRange(mostCached, 5 * 2, 5 * 3);
        Assert.InRange(store.DoctorDayCount, 5 * 8, 5 * 9);
    }

    /// <summary>An in-memory store whose loads fail on demand, as a database that stopped answering would.</summary>
    private sealed class ListingFailsStore : IStateStore
    {
        private readonly InMemoryStateStore _inner = new();

        public bool FailLoads { get; set; }

        public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
            FailLoads ? throw new StateStoreException("down") : _inner.LoadPartitionAsync(partition, cancellationToken);

        public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken) =>
            _inner.CommitAsync(change, cancellationToken);

        // The version of a cached day is still answered: only the alternatives search, which loads days, fails.
        public ValueTask<long> GetPartitionVersionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
            ((IStateStore)_inner).GetPartitionVersionAsync(partition, cancellationToken);

        public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
            DateOnly? onDate,
            CancellationToken cancellationToken
        ) => _inner.ListPartitionsAsync(onDate, cancellationToken);

        public ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken) =>
            _inner.LoadDoctorsAsync(cancellationToken);

        public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken) =>
            _inner.SaveDoctorAsync(doctor, isNew, cancellationToken);
    }

    /// <summary>An engine over the store, with Dr Rao and a 9:00 slot today.</summary>
    private static async Task<(AllocationEngine Engine, Doctor Doctor, Slot Slot)> OpenRaoAsync(
        IStateStore store,
        int capacity,
        LogRecorder? logs = null
    )
    {
        var engine = new AllocationEngine(
            new OpdTokenAllocationOptions(),
            store,
            timeProvider: new ManualTimeProvider(Hospital.Opening),
            logger: logs?.For<AllocationEngine>()
        );
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "Cardiology"))).GetValueOrThrow();
        var added = await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(9, 0), new(10, 0), capacity));
        return (engine, doctor, added.GetValueOrThrow().Slot);
    }

    private sealed class ThrowingSink : IAllocationEventSink
    {
        public void OnCommitted(ImmutableArray<AllocationEvent> events) => throw new InvalidOperationException("boom");
    }

    /// <summary>The tags of one histogram's measurements on one meter.</summary>
    private sealed class HistogramRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly System.Collections.Concurrent.ConcurrentBag<(string, string)> _tags = [];
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _stores = new();

        public HistogramRecorder(Meter meter, string instrument)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (ReferenceEquals(i.Meter, meter) && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<double>(
                (_, _, tags, _) =>
                {
                    string? command = null,
                        result = null,
                        store = null;
                    foreach (var tag in tags)
                    {
                        command = tag.Key == AllocationTelemetry.CommandTag ? tag.Value as string : command;
                        result = tag.Key == AllocationTelemetry.ResultTag ? tag.Value as string : result;
                        store = tag.Key == AllocationTelemetry.StoreTag ? tag.Value as string : store;
                    }

                    _tags.Add((command!, result!));
                    if (store is not null)
                    {
                        _stores.Enqueue(store);
                    }
                }
            );
            _listener.Start();
        }

        public IReadOnlyCollection<(string, string)> Tags => _tags;

        /// <summary>The store tag of each measurement that has one, in order.</summary>
        public IReadOnlyList<string> Stores => [.. _stores];

        public void Dispose() => _listener.Dispose();
    }
}
