using System.Diagnostics;

namespace OpdTokens.Allocation.Storage.Relational;

/// <summary>One <see cref="IStateStore.CommitAsync"/> call waiting in a <see cref="GroupCommitQueue"/>: the change,
/// what the store copied of it, and the outcome the batch writer sets.</summary>
/// <remarks>The writer reads <see cref="Change"/> only while the request is in its batch; the queue clears it before
/// completing the caller's task, because the engine may reuse a change object once its commit returned.</remarks>
[DebuggerDisplay("Commit {Partition,nq} {ExpectedVersion} -> {NewVersion}")]
internal sealed class CommitRequest
{
    /// <summary>Waiting in the queue.</summary>
    public const int Queued = 0;

    /// <summary>Taken into a batch: no longer cancellable, the caller gets the batch's outcome.</summary>
    public const int Taken = 1;

    /// <summary>Cancelled while queued and removed from the queue.</summary>
    public const int Cancelled = 2;

    private PartitionChange? _change;

    public CommitRequest(PartitionChange change, CancellationToken cancellationToken)
    {
        _change = change;
        Partition = change.Partition;
        ExpectedVersion = change.ExpectedVersion;
        NewVersion = change.NewVersion;
        Bytes = StoredChange.EstimateBytes(change);
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the change; only the batch writer reads it, and only before the request completes.</summary>
    public PartitionChange Change =>
        _change ?? throw new InvalidOperationException("The commit has completed; its change is no longer read.");

    /// <summary>Gets the doctor-day, copied from the change.</summary>
    public PartitionKey Partition { get; }

    /// <summary>Gets the version the change expects, copied from the change.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version after the change, copied from the change.</summary>
    public long NewVersion { get; }

    /// <summary>Gets the estimated bytes of the change's rows.</summary>
    public int Bytes { get; }

    /// <summary>Gets when the request was queued, in <see cref="Stopwatch"/> ticks.</summary>
    public long QueuedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>Gets the caller's token.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets or sets what failed this change: <see langword="null"/> when it committed,
    /// <see cref="ConcurrencyConflictException"/>, <see cref="StateStoreException"/> or
    /// <see cref="OperationCanceledException"/> (nothing stored) otherwise. Set by the batch writer.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Gets the caller's task; continuations run asynchronously so the writer is never held up by them.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The state: <see cref="Queued"/>, <see cref="Taken"/> or <see cref="Cancelled"/>; changed under the
    /// queue's lock.</summary>
    public int State;

    /// <summary>The registration that removes the request from the queue when its token is cancelled.</summary>
    public CancellationTokenRegistration Registration;

    /// <summary>Completes the caller's task with <see cref="Failure"/> and lets go of the change.</summary>
    public void Complete()
    {
        _change = null;
        Registration.Unregister();
        switch (Failure)
        {
            case null:
                Completion.TrySetResult();
                break;
            case OperationCanceledException when CancellationToken.IsCancellationRequested:
                Completion.TrySetCanceled(CancellationToken);
                break;
            default:
                Completion.TrySetException(Failure);
                break;
        }
    }
}
