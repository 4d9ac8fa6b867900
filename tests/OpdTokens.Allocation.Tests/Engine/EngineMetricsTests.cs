using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Tests.Support;
using static OpdTokens.Allocation.Diagnostics.AllocationTelemetry;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>The engine's counters, read through a listener on the engine's own meter.</summary>
public sealed class EngineMetricsTests
{
    [Fact]
    public async Task Counters_follow_what_the_commands_did()
    {
        using var h = Hospital.Open();
        using var metrics = new MetricsRecorder(h.Engine.Meter);
        var (waiting, ten) = await RunDayOfEveryOutcomeAsync(h);

        Assert.Equal(
            (1L, 1L, 1L, 2L, 1L),
            (
                metrics.Total(Allocations, "allocated"),
                metrics.Total(Allocations, "bumped_other"),
                metrics.Total(Allocations, "overflow"),
                metrics.Total(Allocations, "waitlisted"),
                metrics.Total(Allocations, "rejected")
            )
        );
        Assert.Equal(
            (1L, 1L, 1L, 1L),
            (metrics.Total(Bumps), metrics.Total(Overflows), metrics.Total(NoShows), metrics.Total(Cancellations))
        );
        // The no-show at ten promoted Q; cancelling Q (now seated) promoted R.
        Assert.Equal(2, metrics.Total(Promotions));
        Assert.Equal(0, metrics.Total(Conflicts));
        Assert.Equal(ten.Id, (await h.TokenAsync(waiting.Token.Id)).SlotId);
    }

    [Theory]
    [InlineData(Allocations, 6L)]
    [InlineData(Bumps, 1L)]
    [InlineData(Overflows, 1L)]
    [InlineData(Cancellations, 1L)]
    [InlineData(NoShows, 1L)]
    [InlineData(Promotions, 2L)]
    public async Task A_counter_counts_when_it_is_the_only_one_listened_to(string instrument, long expected)
    {
        // The engine skips counting when nobody listens: a listener of any one counter must be enough.
        using var h = Hospital.Open();
        using var metrics = new MetricsRecorder(h.Engine.Meter, only: instrument);

        await RunDayOfEveryOutcomeAsync(h);

        Assert.Equal(expected, metrics.Total(instrument));
    }

    /// <summary>Allocates, bumps, overflows, waitlists, refuses and rejects, then a no-show and a cancellation that
    /// each promote: one of every outcome the counters count. Returns Q (waitlisted, then seated, then cancelled) and
    /// the ten o'clock slot.</summary>
    private static async Task<(AllocationResult Waiting, Slot Ten)> RunDayOfEveryOutcomeAsync(Hospital h)
    {
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);

        var walkIn = await h.AllocateAsync(doctor, "W", TokenSource.WalkIn, nine);
        await h.AllocateAsync(doctor, "P", TokenSource.Paid, nine);
        await h.AllocateAsync(doctor, "E", TokenSource.Emergency, nine);
        var waiting = await h.AllocateAsync(doctor, "Q", TokenSource.Online, nine);
        await h.AllocateAsync(doctor, "R", TokenSource.Online, nine);
        await h.Engine.AllocateAsync(Hospital.Request(doctor, "X", TokenSource.Online) with { WaitlistIfFull = false });
        await h.Engine.AllocateAsync(Hospital.Request(doctor, "", TokenSource.Online));
        (await h.SetStatusAsync(walkIn.Token.Id, TokenStatus.NoShow)).GetValueOrThrow();
        (await h.SetStatusAsync(waiting.Token.Id, TokenStatus.Cancelled)).GetValueOrThrow();
        return (waiting, ten);
    }

    [Fact]
    public async Task Version_conflicts_are_counted_and_retried_until_the_bound()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(o => o.MaxConflictRetries = 2, store);
        using var metrics = new MetricsRecorder(h.Engine.Meter);
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 3);
        h.Events.Take();

        store.ConflictNextCommits(2);
        var retried = await h.Engine.AllocateAsync(Hospital.Request(doctor, "A", TokenSource.Online));
        store.ConflictNextCommits(3);
        var gaveUp = await h.Engine.AllocateAsync(Hospital.Request(doctor, "B", TokenSource.Online));

        Assert.True(retried.IsSuccess);
        Refused.With(gaveUp, AllocationErrorCode.Conflict, new PartitionKey(doctor.Id, h.Today));
        Assert.Equal(5, metrics.Total(Conflicts));
        Assert.Equal(1, metrics.Total(Allocations));
        Assert.Single(h.Events.Take());
        var day = await h.DayAsync(doctor);
        Assert.Equal((2L, 1), (day.Version, day.Tokens.Count));
    }

    [Fact]
    public async Task Registry_id_taken_by_another_writer_is_a_counted_conflict()
    {
        var store = new InMemoryStateStore();
        using var h = Hospital.Open(store: store);
        using var metrics = new MetricsRecorder(h.Engine.Meter);
        await h.DoctorAsync();
        await store.SaveDoctorAsync(new Doctor(new DoctorId("D9"), "Elsewhere", "ENT"), isNew: true, default);

        var result = await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr X", "ENT") { Id = new DoctorId("D9") });
        var generated = (await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Y", "ENT"))).GetValueOrThrow();

        Assert.Equal(AllocationErrorCode.Conflict, result.Error!.Code);
        Assert.Equal("D10", generated.Id.Value);
        Assert.Equal(0, metrics.Total(Conflicts));
        Assert.Equal(3, (await h.Engine.GetDoctorsAsync()).Length);
    }

    [Fact]
    public async Task Doctor_saves_refused_as_taken_are_counted_and_retried_until_the_bound()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        using var h = Hospital.Open(o => o.MaxConflictRetries = 2, store);
        using var metrics = new MetricsRecorder(h.Engine.Meter);

        store.ConflictNextDoctorSaves(2);
        var retried = (await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "ENT"))).GetValueOrThrow();
        var savesBefore = store.DoctorSaves;
        store.ConflictNextDoctorSaves(3);
        var gaveUp = await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Iyer", "ENT"));

        Assert.Equal(3, savesBefore);
        Assert.Equal(3, store.DoctorSaves - savesBefore);
        Refused.With(gaveUp, AllocationErrorCode.Conflict, "D2");
        Assert.Equal(5, metrics.Total(Conflicts));
        Assert.Equal(retried, Assert.Single(await h.Engine.GetDoctorsAsync()));
    }

    [Fact]
    public void Each_engine_publishes_the_named_instruments_on_its_own_meter()
    {
        using var first = Hospital.Open();
        using var second = Hospital.Open();
        var published = new List<System.Diagnostics.Metrics.Instrument>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, first.Engine.Meter))
                {
                    published.Add(instrument);
                }
            },
        };

        listener.Start();

        Assert.Equal("OpdTokens.Allocation", first.Engine.Meter.Name);
        Assert.NotSame(first.Engine.Meter, second.Engine.Meter);
        Assert.Equal(
            new[]
            {
                Allocations,
                Bumps,
                Overflows,
                Cancellations,
                NoShows,
                Promotions,
                Conflicts,
                EventSinkFailures,
                CommandDuration,
                StoreCommitDuration,
                CachedDoctorDays,
            }.Order(),
            published.Select(i => i.Name).Order()
        );
        Assert.All(published, i => Assert.StartsWith("opdtokens.allocation.", i.Name, StringComparison.Ordinal));
        Assert.All(published, i => Assert.False(string.IsNullOrEmpty(i.Unit)));
        // A metrics backend shows the description as the instrument's help text.
        Assert.All(published, i => Assert.False(string.IsNullOrWhiteSpace(i.Description), i.Name));
    }

    [Fact]
    public void An_engines_own_meter_is_disposed_with_it_and_a_hosts_meter_is_left_to_the_host()
    {
        using var factory = new RecordingMeterFactory();
        var own = new AllocationEngine(new OpdTokenAllocationOptions());
        var hosted = new AllocationEngine(new OpdTokenAllocationOptions(), meterFactory: factory);
        var completed = new List<System.Diagnostics.Metrics.Meter>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, own.Meter) || ReferenceEquals(instrument.Meter, hosted.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
            MeasurementsCompleted = (instrument, _) => completed.Add(instrument.Meter),
        };
        listener.Start();

        Assert.Same(Assert.Single(factory.Created), hosted.Meter);
        Assert.Equal(typeof(AllocationEngine).Assembly.GetName().Version?.ToString(), hosted.Meter.Version);
        own.Dispose();
        hosted.Dispose();

        // Each instrument of a disposed meter completes: the engine's own, not the host's.
        Assert.NotEmpty(completed);
        Assert.All(completed, meter => Assert.Same(own.Meter, meter));
    }

    [Fact]
    public void Duration_histograms_advise_buckets_in_seconds_from_a_tenth_of_a_millisecond()
    {
        using var hospital = Hospital.Open();
        var durations = new List<System.Diagnostics.Metrics.Histogram<double>>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (
                    ReferenceEquals(instrument.Meter, hospital.Engine.Meter)
                    && instrument is System.Diagnostics.Metrics.Histogram<double> histogram
                )
                {
                    durations.Add(histogram);
                }
            },
        };

        listener.Start();

        // An exporter's default boundaries are sized for milliseconds (0, 5, 10, 25...): without the advice every
        // command, timed in seconds, would land in the first bucket.
        Assert.Equal(2, durations.Count);
        Assert.All(
            durations,
            h =>
            {
                Assert.Equal("s", h.Unit);
                var boundaries = h.Advice?.HistogramBucketBoundaries;
                Assert.NotNull(boundaries);
                Assert.Equal(0.0001, boundaries[0]);
                Assert.Contains(0.01, boundaries);
                Assert.Equal(10, boundaries[^1]);
                Assert.Equal(boundaries.Order(), boundaries);
            }
        );
    }

    /// <summary>A host's meter factory that remembers the meters it made and disposes them itself.</summary>
    private sealed class RecordingMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public List<System.Diagnostics.Metrics.Meter> Created { get; } = [];

        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var meter = new System.Diagnostics.Metrics.Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose() => Created.ForEach(meter => meter.Dispose());
    }
}
