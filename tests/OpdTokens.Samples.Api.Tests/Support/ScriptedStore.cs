using System.Collections.Immutable;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Samples.Api.Tests.Support;

/// <summary>How a <see cref="ScriptedStore"/> answers.</summary>
public enum StoreBehaviour
{
    /// <summary>As the in-memory store.</summary>
    Working,

    /// <summary>Every operation throws <see cref="StateStoreException"/>, as an unreachable database's would.</summary>
    Unavailable,

    /// <summary>Every doctor-day commit is refused as stale, as when other instances keep winning.</summary>
    Conflicting,

    /// <summary>Every operation throws an exception the host does not expect.</summary>
    Broken,

    /// <summary>Every operation waits, ignoring its cancellation token, until the behaviour changes or the store is
    /// disposed: a database that stopped answering.</summary>
    Hung,
}

/// <summary>The in-memory store, outbox included, with a switchable failure mode, for the host's fault paths.</summary>
public sealed class ScriptedStore : IStateStore, IOutboxStore, IDisposable
{
    private readonly InMemoryStateStore _inner = new();
    private volatile TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile StoreBehaviour _behaviour;

    /// <summary>Gets or sets how the store answers; leaving <see cref="StoreBehaviour.Hung"/> releases the waiting
    /// calls.</summary>
    public StoreBehaviour Behaviour
    {
        get => _behaviour;
        set
        {
            _behaviour = value;
            if (value != StoreBehaviour.Hung)
            {
                Interlocked
                    .Exchange(ref _released, new(TaskCreationOptions.RunContinuationsAsynchronously))
                    .TrySetResult();
            }
        }
    }

    public async ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        await EnterAsync();
        return await _inner.LoadPartitionAsync(partition, cancellationToken);
    }

    public async ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        await EnterAsync();
        if (_behaviour == StoreBehaviour.Conflicting)
        {
            throw new ConcurrencyConflictException(
                change.Partition,
                change.ExpectedVersion,
                change.ExpectedVersion + 1
            );
        }

        await _inner.CommitAsync(change, cancellationToken);
    }

    public async ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken
    )
    {
        await EnterAsync();
        return await _inner.ListPartitionsAsync(onDate, cancellationToken);
    }

    public async ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken)
    {
        await EnterAsync();
        return await _inner.LoadDoctorsAsync(cancellationToken);
    }

    public async ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken)
    {
        await EnterAsync();
        await _inner.SaveDoctorAsync(doctor, isNew, cancellationToken);
    }

    public bool IsOutboxEnabled => _inner.IsOutboxEnabled;

    public void EnableOutbox() => _inner.EnableOutbox();

    public async ValueTask<ImmutableArray<OutboxEntry>> LeaseAsync(
        string owner,
        int maxDoctorDays,
        int maxEntriesPerDoctorDay,
        DateTimeOffset now,
        DateTimeOffset leaseUntil,
        CancellationToken cancellationToken
    )
    {
        await EnterAsync();
        return await _inner.LeaseAsync(
            owner,
            maxDoctorDays,
            maxEntriesPerDoctorDay,
            now,
            leaseUntil,
            cancellationToken
        );
    }

    public async ValueTask<bool> MarkDeliveredAsync(
        AllocationEventId id,
        DateTimeOffset deliveredAt,
        CancellationToken cancellationToken
    )
    {
        await EnterAsync();
        return await _inner.MarkDeliveredAsync(id, deliveredAt, cancellationToken);
    }

    public async ValueTask<bool> RecordFailureAsync(
        string owner,
        AllocationEventId id,
        DateTimeOffset nextAttemptAt,
        string failure,
        CancellationToken cancellationToken
    )
    {
        await EnterAsync();
        return await _inner.RecordFailureAsync(owner, id, nextAttemptAt, failure, cancellationToken);
    }

    public async ValueTask<bool> DeadLetterAsync(
        AllocationEventId id,
        DateTimeOffset at,
        string failure,
        CancellationToken cancellationToken
    )
    {
        await EnterAsync();
        return await _inner.DeadLetterAsync(id, at, failure, cancellationToken);
    }

    public async ValueTask<ImmutableArray<OutboxEntry>> ListDeadLettersAsync(
        int max,
        AllocationEventId? after,
        CancellationToken cancellationToken
    )
    {
        await EnterAsync();
        return await _inner.ListDeadLettersAsync(max, after, cancellationToken);
    }

    public async ValueTask<bool> RetryDeadLetterAsync(
        AllocationEventId id,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        await EnterAsync();
        return await _inner.RetryDeadLetterAsync(id, now, cancellationToken);
    }

    public async ValueTask<int> PruneDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken)
    {
        await EnterAsync();
        return await _inner.PruneDeliveredAsync(deliveredBefore, cancellationToken);
    }

    public async ValueTask<OutboxCounts> CountOutboxAsync(CancellationToken cancellationToken)
    {
        await EnterAsync();
        return await _inner.CountOutboxAsync(cancellationToken);
    }

    public void Dispose() => Behaviour = StoreBehaviour.Working;

    private async ValueTask EnterAsync()
    {
        switch (_behaviour)
        {
            case StoreBehaviour.Unavailable:
                throw new StateStoreException("The database does not answer.");
            case StoreBehaviour.Broken:
                throw new InvalidOperationException("The store is broken.");
            case StoreBehaviour.Hung:
                await _released.Task;
                break;
            default:
                break;
        }
    }
}
