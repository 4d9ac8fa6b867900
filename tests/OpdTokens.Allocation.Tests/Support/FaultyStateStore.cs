using System.Collections.Immutable;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>A store that delegates to another one but throws on the commits it is told to fail, before the inner
/// store sees them (a lost connection, a full disk), or holds commits until it is told to let them through (a slow
/// database).</summary>
internal sealed class FaultyStateStore(IStateStore inner) : IStateStore
{
    private int _armed;
    private int _failures;
    private int _conflictsToInject;
    private int _loseAcknowledgement;
    private int _doctorConflictsToInject;
    private int _doctorSaves;
    private TaskCompletionSource? _hold;

    /// <summary>Decides per commit whether it fails; used when no single failure is armed.</summary>
    public Func<PartitionChange, bool>? FailWhen { get; set; }

    /// <summary>How many commits were failed.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Makes the next commit throw.</summary>
    public void FailNextCommit() => Volatile.Write(ref _armed, 1);

    /// <summary>Forgets an armed failure that no commit used.</summary>
    public void Disarm() => Volatile.Write(ref _armed, 0);

    /// <summary>Makes the next commit reach the inner store and then throw, as when a connection drops after the
    /// database committed.</summary>
    public void LoseNextAcknowledgement() => Volatile.Write(ref _loseAcknowledgement, 1);

    /// <summary>Makes the next commits report a version conflict, as if another writer got there first.</summary>
    public void ConflictNextCommits(int count) => Volatile.Write(ref _conflictsToInject, count);

    /// <summary>Makes the next doctor saves report the id as taken, as if another instance saved it first.</summary>
    public void ConflictNextDoctorSaves(int count) => Volatile.Write(ref _doctorConflictsToInject, count);

    /// <summary>How many doctor saves were attempted, refused ones included.</summary>
    public int DoctorSaves => Volatile.Read(ref _doctorSaves);

    /// <summary>Completes when a commit arrives while commits are held.</summary>
    public TaskCompletionSource CommitHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Makes commits wait, from now on, until <see cref="ReleaseCommits"/>.</summary>
    public void HoldCommits() =>
        Volatile.Write(ref _hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Lets held and later commits through.</summary>
    public void ReleaseCommits() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    public async ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _hold) is { } hold)
        {
            CommitHeld.TrySetResult();
            await hold.Task;
        }

        for (var left = Volatile.Read(ref _conflictsToInject); left > 0; left = Volatile.Read(ref _conflictsToInject))
        {
            if (Interlocked.CompareExchange(ref _conflictsToInject, left - 1, left) == left)
            {
                throw new ConcurrencyConflictException(change.Partition, change.ExpectedVersion, null);
            }
        }
        if (Interlocked.Exchange(ref _armed, 0) == 1 || FailWhen?.Invoke(change) == true)
        {
            Interlocked.Increment(ref _failures);
            throw new InjectedStoreFailureException();
        }

        if (Interlocked.Exchange(ref _loseAcknowledgement, 0) == 1)
        {
            await inner.CommitAsync(change, cancellationToken);
            Interlocked.Increment(ref _failures);
            throw new InjectedStoreFailureException();
        }

        await inner.CommitAsync(change, cancellationToken);
    }

    public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
        inner.LoadPartitionAsync(partition, cancellationToken);

    public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken
    ) => inner.ListPartitionsAsync(onDate, cancellationToken);

    public ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken) =>
        inner.LoadDoctorsAsync(cancellationToken);

    public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _doctorSaves);
        for (
            var left = Volatile.Read(ref _doctorConflictsToInject);
            left > 0;
            left = Volatile.Read(ref _doctorConflictsToInject)
        )
        {
            if (Interlocked.CompareExchange(ref _doctorConflictsToInject, left - 1, left) == left)
            {
                throw new ConcurrencyConflictException($"Doctor id {doctor.Id} is already taken.");
            }
        }

        return inner.SaveDoctorAsync(doctor, isNew, cancellationToken);
    }
}

/// <summary>The failure <see cref="FaultyStateStore"/> throws.</summary>
internal sealed class InjectedStoreFailureException : IOException
{
    public InjectedStoreFailureException()
        : base("Injected store failure.") { }
}
