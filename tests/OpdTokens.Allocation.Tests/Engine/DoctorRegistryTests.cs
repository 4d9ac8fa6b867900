using System.Collections.Immutable;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

public sealed class DoctorRegistryTests
{
    [Fact]
    public async Task Readers_that_find_the_registry_too_old_share_one_store_load()
    {
        var store = new GatedDoctorLoads(new InMemoryStateStore());
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var h = Hospital.Open(o => o.SnapshotMaxAge = TimeSpan.FromSeconds(2), store, clock: clock);
        var doctor = (await h.DoctorAsync()).Id;
        clock.Advance(TimeSpan.FromSeconds(3));
        var loadsBefore = store.Loads;
        store.Hold();

        var readers = Enumerable.Range(0, 20).Select(_ => h.Engine.GetDoctorAsync(doctor).AsTask()).ToArray();
        await store.WaitForLoadsAsync(loadsBefore + 1);
        Assert.All(readers, r => Assert.False(r.IsCompleted));
        store.Release();
        var found = await Task.WhenAll(readers);

        Assert.Equal(loadsBefore + 1, store.Loads);
        Assert.All(found, d => Assert.Equal(doctor, d?.Id));
    }

    [Fact]
    public async Task A_reader_that_gives_up_on_a_shared_load_leaves_it_to_the_others()
    {
        var store = new GatedDoctorLoads(new InMemoryStateStore());
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var h = Hospital.Open(o => o.SnapshotMaxAge = TimeSpan.FromSeconds(2), store, clock: clock);
        var doctor = (await h.DoctorAsync()).Id;
        clock.Advance(TimeSpan.FromSeconds(3));
        store.Hold();
        using var impatient = new CancellationTokenSource();

        var cancelled = h.Engine.GetDoctorAsync(doctor, impatient.Token).AsTask();
        var patient = h.Engine.GetDoctorAsync(doctor).AsTask();
        await store.WaitForLoadsAsync(store.Loads);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(patient.IsCompleted);
        store.Release();

        Assert.Equal(doctor, (await patient)?.Id);
    }

    [Fact]
    public async Task A_failed_shared_load_fails_its_readers_and_the_next_reader_loads_again()
    {
        var store = new GatedDoctorLoads(new InMemoryStateStore());
        var clock = new ManualTimeProvider(Hospital.Opening);
        using var h = Hospital.Open(o => o.SnapshotMaxAge = TimeSpan.FromSeconds(2), store, clock: clock);
        var doctor = (await h.DoctorAsync()).Id;
        clock.Advance(TimeSpan.FromSeconds(3));
        store.FailNextLoad();

        await Assert.ThrowsAsync<StateStoreException>(() => h.Engine.GetDoctorAsync(doctor).AsTask());

        Assert.Equal(doctor, (await h.Engine.GetDoctorAsync(doctor))?.Id);
    }

    /// <summary>A store whose doctor loads can be held at a gate, counted and failed once.</summary>
    private sealed class GatedDoctorLoads(IStateStore inner) : IStateStore
    {
        private TaskCompletionSource _gate = Open();
        private int _loads;
        private int _failNext;

        public int Loads => Volatile.Read(ref _loads);

        public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate.TrySetResult();

        public void FailNextLoad() => Volatile.Write(ref _failNext, 1);

        public async Task WaitForLoadsAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (Loads < count)
            {
                await Task.Delay(5, timeout.Token);
            }
        }

        public async ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _loads);
            await _gate.Task.WaitAsync(cancellationToken);
            if (Interlocked.Exchange(ref _failNext, 0) == 1)
            {
                throw new StateStoreException("The database is down.");
            }

            return await inner.LoadDoctorsAsync(cancellationToken);
        }

        public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
            inner.LoadPartitionAsync(partition, cancellationToken);

        public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken) =>
            inner.CommitAsync(change, cancellationToken);

        public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
            DateOnly? onDate,
            CancellationToken cancellationToken
        ) => inner.ListPartitionsAsync(onDate, cancellationToken);

        public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken) =>
            inner.SaveDoctorAsync(doctor, isNew, cancellationToken);

        private static TaskCompletionSource Open()
        {
            var open = new TaskCompletionSource();
            open.SetResult();
            return open;
        }
    }
}
