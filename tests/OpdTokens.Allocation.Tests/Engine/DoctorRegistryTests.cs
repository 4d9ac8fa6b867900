using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>Reloads of the doctor registry when it is older than <c>SnapshotMaxAge</c>: one store load for every
/// reader waiting at that moment.</summary>
public sealed class DoctorRegistryTests
{
    private const string LoadDoctors = nameof(IStateStore.LoadDoctorsAsync);

    [Fact]
    public async Task Readers_that_find_the_registry_too_old_share_one_store_load()
    {
        var (h, store, doctor) = await OpenWithStaleRegistryAsync();
        using var hospital = h;
        store.ForgetCalls();
        var gate = Hold(store);

        var readers = Enumerable.Range(0, 20).Select(_ => h.Engine.GetDoctorAsync(doctor).AsTask()).ToArray();
        await LoadsAsync(store, 1);
        Assert.All(readers, r => Assert.False(r.IsCompleted));
        gate.SetResult();
        var found = await Task.WhenAll(readers);

        Assert.Equal(1, Loads(store));
        Assert.All(found, d => Assert.Equal(doctor, d?.Id));
    }

    [Fact]
    public async Task A_reader_that_gives_up_on_a_shared_load_leaves_it_to_the_others()
    {
        var (h, store, doctor) = await OpenWithStaleRegistryAsync();
        using var hospital = h;
        store.ForgetCalls();
        var gate = Hold(store);
        using var impatient = new CancellationTokenSource();

        var cancelled = h.Engine.GetDoctorAsync(doctor, impatient.Token).AsTask();
        var patient = h.Engine.GetDoctorAsync(doctor).AsTask();
        await LoadsAsync(store, 1);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(patient.IsCompleted);
        gate.SetResult();

        Assert.Equal(doctor, (await patient)?.Id);
        Assert.Equal(1, Loads(store));
    }

    [Fact]
    public async Task A_failed_shared_load_fails_its_readers_and_the_next_reader_loads_again()
    {
        var (h, store, doctor) = await OpenWithStaleRegistryAsync();
        using var hospital = h;
        var failures = 1;
        store.OnArrival = call =>
            call.Operation == LoadDoctors && Interlocked.Exchange(ref failures, 0) == 1
                ? throw new StateStoreException("The database is down.")
                : Task.CompletedTask;

        await Assert.ThrowsAsync<StateStoreException>(() => h.Engine.GetDoctorAsync(doctor).AsTask());

        Assert.Equal(doctor, (await h.Engine.GetDoctorAsync(doctor))?.Id);
    }

    /// <summary>A hospital with one doctor whose registry is older than its two-second <c>SnapshotMaxAge</c>, so
    /// the next reader reloads it from the store.</summary>
    private static async Task<(
        Hospital Hospital,
        ObservedStateStore Store,
        DoctorId Doctor
    )> OpenWithStaleRegistryAsync()
    {
        var store = new ObservedStateStore(new InMemoryStateStore());
        var clock = new ManualTimeProvider(Hospital.Opening);
        var hospital = Hospital.Open(o => o.SnapshotMaxAge = TimeSpan.FromSeconds(2), store, clock: clock);
        var doctor = (await hospital.DoctorAsync()).Id;
        clock.Advance(TimeSpan.FromSeconds(3));
        return (hospital, store, doctor);
    }

    /// <summary>Holds every doctor load at a gate until the test opens it.</summary>
    private static TaskCompletionSource Hold(ObservedStateStore store)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.OnArrival = call => call.Operation == LoadDoctors ? gate.Task : Task.CompletedTask;
        return gate;
    }

    private static int Loads(ObservedStateStore store) => store.Calls.Count(c => c.Operation == LoadDoctors);

    private static async Task LoadsAsync(ObservedStateStore store, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Loads(store) < count)
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
