using System.Collections.Concurrent;
using System.Collections.Immutable;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>One call the engine made to its store, with the doctor-day it was about, if any.</summary>
internal sealed record StoreCall(string Operation, PartitionKey? Partition = null);

/// <summary>A store that delegates to another one, records every call, and completes the calls it is told to
/// asynchronously, after a real wait, as a database round trip does (the in-memory store completes every call at
/// once).</summary>
internal sealed class ObservedStateStore(IStateStore inner) : IStateStore
{
    private readonly ConcurrentQueue<StoreCall> _calls = new();

    /// <summary>Decides per call whether it completes later rather than at once.</summary>
    public Func<StoreCall, bool> CompletesLater { get; set; } = _ => false;

    /// <summary>Runs as each call arrives, before it reaches the inner store: a test holds a call at a gate or fails
    /// it by throwing.</summary>
    public Func<StoreCall, Task>? OnArrival { get; set; }

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<StoreCall> Calls => [.. _calls];

    public void ForgetCalls() => _calls.Clear();

    public async ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        await ArriveAsync(new StoreCall(nameof(LoadPartitionAsync), partition)).ConfigureAwait(false);
        return await inner.LoadPartitionAsync(partition, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        await ArriveAsync(new StoreCall(nameof(CommitAsync), change.Partition)).ConfigureAwait(false);
        await inner.CommitAsync(change, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken
    )
    {
        await ArriveAsync(new StoreCall(nameof(ListPartitionsAsync))).ConfigureAwait(false);
        return await inner.ListPartitionsAsync(onDate, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken)
    {
        await ArriveAsync(new StoreCall(nameof(LoadDoctorsAsync))).ConfigureAwait(false);
        return await inner.LoadDoctorsAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken)
    {
        await ArriveAsync(new StoreCall(nameof(SaveDoctorAsync))).ConfigureAwait(false);
        await inner.SaveDoctorAsync(doctor, isNew, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ArriveAsync(StoreCall call)
    {
        _calls.Enqueue(call);
        if (OnArrival is { } arrival)
        {
            await arrival(call).ConfigureAwait(false);
        }

        if (CompletesLater(call))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
        }
    }
}
