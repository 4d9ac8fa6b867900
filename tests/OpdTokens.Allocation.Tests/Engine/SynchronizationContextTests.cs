using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>The engine never resumes on its caller's synchronization context, so a caller that blocks on a call
/// from a UI thread or a classic ASP.NET request cannot deadlock it. Each case makes the store slow where the call
/// first waits for it, from a cold engine or a warm one (registry and today's day cached), because only a wait that
/// has not finished yet can resume anywhere.</summary>
public sealed class SynchronizationContextTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(Hospital.Opening.DateTime);
    private static readonly DoctorId Rao = new("D1");
    private static readonly DoctorId Iyer = new("D2");
    private static readonly PartitionKey RaoToday = new(Rao, Today);

    private const string Doctors = "LoadDoctorsAsync";
    private const string Lists = "ListPartitionsAsync";
    private const string Loads = "LoadPartitionAsync";

    /// <summary>Loads of doctor-days other than Dr Rao's today.</summary>
    private const string LoadsOfOtherDays = "LoadPartitionAsync of other days";

    /// <summary>Loads of the registry and of any doctor-day.</summary>
    private const string DoctorsAndLoads = "LoadDoctorsAsync and LoadPartitionAsync";

    private const string Commits = "CommitAsync";

    public static TheoryData<string, bool, string, Func<AllocationEngine, Task>> Calls =>
        new()
        {
            { "register a doctor", false, Doctors, e => e.RegisterDoctorAsync(new("Dr Sen", "ENT")).AsTask() },
            { "update a doctor", false, Doctors, e => e.UpdateDoctorAsync(new(Iyer, "Dr Iyer", "ENT", true)).AsTask() },
            { "deactivate a doctor", false, Doctors, e => e.DeactivateDoctorAsync(new(Iyer)).AsTask() },
            { "allocate, waitlisted with alternatives", true, LoadsOfOtherDays, e => e.AllocateAsync(Late()).AsTask() },
            {
                "allocate, rejected with alternatives",
                true,
                LoadsOfOtherDays,
                e => e.AllocateAsync(Late() with { WaitlistIfFull = false }).AsTask()
            },
            { "allocate, nothing cached, waitlisted", false, DoctorsAndLoads, e => e.AllocateAsync(Late()).AsTask() },
            {
                "allocate, nothing cached, rejected",
                false,
                DoctorsAndLoads,
                e => e.AllocateAsync(Late() with { WaitlistIfFull = false }).AsTask()
            },
            {
                "allocate for a doctor another instance may have added",
                true,
                Doctors,
                e => e.AllocateAsync(Late() with { DoctorId = new("D9") }).AsTask()
            },
            { "allocate, the commit timed", true, Commits, e => WithCommitsTimed(e, () => e.AllocateAsync(Seat())) },
            { "report a delay, finding the doctor", false, Doctors, e => e.ReportDelayAsync(Delay(Today)).AsTask() },
            {
                "report a delay, loading the day",
                true,
                Loads,
                e => e.ReportDelayAsync(Delay(Today.AddDays(1))).AsTask()
            },
            { "list doctors", false, Doctors, e => e.GetDoctorsAsync().AsTask() },
            { "a doctor another instance may have added", true, Doctors, e => e.GetDoctorAsync(new("D9")).AsTask() },
            { "list doctor-days, listing", false, Lists, e => e.GetDoctorDaysAsync(null).AsTask() },
            { "list doctor-days, loading", false, Loads, e => e.GetDoctorDaysAsync(null).AsTask() },
            { "get a token", false, Loads, e => e.GetTokenAsync(new(RaoToday, 1)).AsTask() },
            { "find a token by number", false, Loads, e => e.FindTokenByNumberAsync("DOCD1-20261121-0001").AsTask() },
            { "slot analytics", false, Loads, e => e.GetSlotAnalyticsAsync(new(RaoToday, 1)).AsTask() },
            { "day analytics", false, Loads, e => e.GetDoctorDayAnalyticsAsync(RaoToday).AsTask() },
            { "system status, loading the registry", false, Doctors, e => e.GetSystemStatusAsync().AsTask() },
            { "system status, listing the days", true, Lists, e => e.GetSystemStatusAsync().AsTask() },
        };

    [Theory]
    [MemberData(nameof(Calls), DisableDiscoveryEnumeration = true)]
    public async Task Engine_never_resumes_on_the_callers_synchronization_context(
        string call,
        bool warm,
        string slowCalls,
        Func<AllocationEngine, Task> start
    )
    {
        Func<StoreCall, bool> slow = slowCalls switch
        {
            LoadsOfOtherDays => c => c.Operation == Loads && c.Partition != RaoToday,
            DoctorsAndLoads => c => c.Operation is Doctors or Loads,
            _ => c => c.Operation == slowCalls,
        };
        var store = await OpenHospitalAsync();
        using var engine = new AllocationEngine(new(), store, timeProvider: new ManualTimeProvider(Hospital.Opening));
        if (warm)
        {
            await engine.GetDoctorsAsync();
            await engine.GetDoctorDayAsync(RaoToday);
        }

        store.ForgetCalls();
        store.CompletesLater = slow;

        var posts = await PostsWhileRunningAsync(() => start(engine));

        Assert.True(store.Calls.Any(slow), $"The call to {call} never waited for the store.");
        Assert.Equal(0, posts);
    }

    /// <summary>Two cardiologists; Dr Rao's 9:00 slot today is full, he has room tomorrow, Dr Iyer has room
    /// today.</summary>
    private static async Task<ObservedStateStore> OpenHospitalAsync()
    {
        var store = new ObservedStateStore(new InMemoryStateStore());
        using var setup = new AllocationEngine(new(), store, timeProvider: new ManualTimeProvider(Hospital.Opening));
        (await setup.RegisterDoctorAsync(new("Dr Rao", "Cardiology"))).GetValueOrThrow();
        (await setup.RegisterDoctorAsync(new("Dr Iyer", "Cardiology"))).GetValueOrThrow();
        (await setup.AddSlotAsync(new(Rao, Today, new(9, 0), new(10, 0), 1))).GetValueOrThrow();
        (await setup.AllocateAsync(new(Rao, new Patient("Asha"), TokenSource.WalkIn))).GetValueOrThrow();
        (await setup.AddSlotAsync(new(Rao, Today.AddDays(1), new(9, 0), new(10, 0), 2))).GetValueOrThrow();
        (await setup.AddSlotAsync(new(Iyer, Today, new(10, 0), new(11, 0), 2))).GetValueOrThrow();
        return store;
    }

    private static AllocateToken Late() => new(Rao, new Patient("Ravi"), TokenSource.Online);

    /// <summary>A request Dr Iyer has a seat for today.</summary>
    private static AllocateToken Seat() => new(Iyer, new Patient("Meera"), TokenSource.WalkIn);

    /// <summary>Starts a call while someone listens to the commit durations, so commits are timed; the listener goes
    /// when the call ends, on the thread pool rather than the caller's context.</summary>
    private static Task WithCommitsTimed(
        AllocationEngine engine,
        Func<ValueTask<CommandResult<AllocationResult>>> start
    )
    {
        var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (
                    ReferenceEquals(instrument.Meter, engine.Meter)
                    && instrument.Name == Diagnostics.AllocationTelemetry.StoreCommitDuration
                )
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.Start();
        var running = start().AsTask();
        running.ContinueWith(
            _ => listener.Dispose(),
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default
        );
        return running;
    }

    private static ReportDelay Delay(DateOnly date) => new(Rao, date, TimeSpan.FromMinutes(10));

    /// <summary>Starts a call on a thread whose synchronization context counts what is posted to it.</summary>
    private static async Task<int> PostsWhileRunningAsync(Func<Task> start)
    {
        var caller = new CountingContext();
        var previous = SynchronizationContext.Current;
        Task running;
        SynchronizationContext.SetSynchronizationContext(caller);
        try
        {
            running = start();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        await running;
        return caller.Posts;
    }

    /// <summary>Runs posted work on the thread pool, as the default context does, and counts it.</summary>
    private sealed class CountingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            base.Post(d, state);
        }

        public override void Send(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            base.Send(d, state);
        }
    }
}
