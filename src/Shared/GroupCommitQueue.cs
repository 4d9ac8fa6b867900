using System.Diagnostics;

namespace OpdTokens.Allocation.Storage.Relational;

/// <summary>Writes a batch of changes in one transaction: sets each request's <see cref="CommitRequest.Failure"/>
/// (a conflict or a refused row fails only its own change; a database error fails them all) and never throws for a
/// database error. <paramref name="cancellationToken"/> is cancelled only when every caller of the batch has cancelled.</summary>
internal delegate ValueTask BatchWriter(IReadOnlyList<CommitRequest> batch, CancellationToken cancellationToken);

/// <summary>Group commit: concurrent commits queue here and one writer at a time commits them in batches, one
/// transaction (and one flush to disk) per batch, then completes each caller's task with its own outcome.</summary>
/// <remarks>
/// <para>A commit that finds no writer at work becomes the writer on its own thread, so a lone commit waits for
/// nothing but its own transaction. While a batch is written, later commits queue; the next batch takes them in
/// arrival order, at most <c>maxCount</c> of them and about <c>maxBytes</c> of rows (always at least one). A writer
/// that finds more queued after its batch hands the rest to a thread-pool writer and returns to its caller.</para>
/// <para>A commit whose token is cancelled while it is queued is removed and throws
/// <see cref="OperationCanceledException"/> having changed nothing. Once taken into a batch it is no longer abandoned:
/// its task completes with the batch's real outcome. The batch itself is cancelled only when all of its callers have
/// cancelled, which bounds how long a stuck database can hold callers that gave up.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("GroupCommitQueue: {_queue.Count} queued, writing = {_writing}")]
internal sealed class GroupCommitQueue
{
    /// <summary>Guards <see cref="_queue"/>, <see cref="_writing"/> and the requests' states.</summary>
    private readonly object _gate = new();

    /// <summary>The commits waiting for a batch, oldest first.</summary>
    private readonly List<CommitRequest> _queue = [];

    private readonly BatchWriter _writer;
    private readonly int _maxCount;
    private readonly int _maxBytes;

    /// <summary>Whether a writer is at work (inline in a caller or on the thread pool).</summary>
    private bool _writing;

    public GroupCommitQueue(BatchWriter writer, int maxCount, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _writer = writer;
        _maxCount = maxCount;
        _maxBytes = maxBytes;
    }

    /// <summary>Commits a change with the next batch and completes when its outcome is known.</summary>
    public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new CommitRequest(change, cancellationToken);
        bool lead;
        lock (_gate)
        {
            _queue.Add(request);
            lead = !_writing;
            _writing = true;
        }

        if (lead)
        {
            return LeadAsync(request);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // Registered outside the lock: a token cancelled already runs the callback at once, which takes the lock.
            var registration = cancellationToken.UnsafeRegister(
                static (state, _) => ((Cancellation)state!).Run(),
                new Cancellation(this, request)
            );
            request.Registration = registration;
            if (Volatile.Read(ref request.State) != CommitRequest.Queued)
            {
                // Taken or cancelled meanwhile: the writer may have missed the registration.
                registration.Unregister();
            }
        }

        return new ValueTask(request.Completion.Task);
    }

    /// <summary>Writes the batch that starts with the caller's own request on the caller's thread, then hands the
    /// queue to a thread-pool writer if more arrived.</summary>
    private async ValueTask LeadAsync(CommitRequest own)
    {
        try
        {
            await WriteNextBatchAsync().ConfigureAwait(false);
        }
        finally
        {
            ContinueOrStop();
        }

        await own.Completion.Task.ConfigureAwait(false);
    }

    private void ContinueOrStop()
    {
        if (!StopIfEmpty())
        {
            _ = Task.Run(WriteUntilEmptyAsync);
        }
    }

    private async Task WriteUntilEmptyAsync()
    {
        do
        {
            await WriteNextBatchAsync().ConfigureAwait(false);
        } while (!StopIfEmpty());
    }

    /// <summary>Ends the writer's turn if nothing is queued; the next commit then becomes the writer.</summary>
    private bool StopIfEmpty()
    {
        lock (_gate)
        {
            if (_queue.Count > 0)
            {
                return false;
            }

            _writing = false;
            return true;
        }
    }

    /// <summary>Takes the next batch from the queue, writes it and completes its callers.</summary>
    private async Task WriteNextBatchAsync()
    {
        var batch = TakeBatch();
        if (batch.Count == 0)
        {
            return;
        }

        using var cancellation = BatchCancellation.For(batch);
        try
        {
            await _writer(batch, cancellation?.Token ?? CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a writer's bug must still complete every caller, never strand them
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var request in batch)
            {
                request.Failure = e;
            }
        }

        // Completed after the writer is done and outside the lock, so no caller's continuation runs inside either.
        foreach (var request in batch)
        {
            request.Complete();
        }
    }

    private List<CommitRequest> TakeBatch()
    {
        var batch = new List<CommitRequest>(Math.Min(_maxCount, 16));
        lock (_gate)
        {
            var bytes = 0L;
            var taken = 0;
            foreach (var request in _queue)
            {
                if (batch.Count == _maxCount || (batch.Count > 0 && bytes + request.Bytes > _maxBytes))
                {
                    break;
                }

                request.State = CommitRequest.Taken;
                bytes += request.Bytes;
                batch.Add(request);
                taken++;
            }

            _queue.RemoveRange(0, taken);
        }

        return batch;
    }

    /// <summary>Removes a queued request whose caller cancelled; does nothing once it is in a batch.</summary>
    private void Cancel(CommitRequest request)
    {
        lock (_gate)
        {
            if (request.State != CommitRequest.Queued)
            {
                return;
            }

            request.State = CommitRequest.Cancelled;
            _queue.Remove(request);
        }

        request.Failure = new OperationCanceledException(request.CancellationToken);
        request.Complete();
    }

    /// <summary>The state of a queued request's cancellation callback.</summary>
    private sealed class Cancellation(GroupCommitQueue queue, CommitRequest request)
    {
        public void Run() => queue.Cancel(request);
    }

    /// <summary>A token cancelled once every caller of a batch has cancelled.</summary>
    private sealed class BatchCancellation : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly List<CancellationTokenRegistration> _registrations;
        private int _remaining;

        private BatchCancellation(List<CommitRequest> batch)
        {
            _remaining = batch.Count;
            _registrations = new List<CancellationTokenRegistration>(batch.Count);
            foreach (var request in batch)
            {
                _registrations.Add(
                    request.CancellationToken.UnsafeRegister(
                        static state => ((BatchCancellation)state!).OneCancelled(),
                        this
                    )
                );
            }
        }

        public CancellationToken Token => _source.Token;

        /// <summary>Creates the batch's token, or none when some caller can never cancel.</summary>
        public static BatchCancellation? For(List<CommitRequest> batch) =>
            batch.TrueForAll(r => r.CancellationToken.CanBeCanceled) ? new BatchCancellation(batch) : null;

        public void Dispose()
        {
            foreach (var registration in _registrations)
            {
                registration.Dispose();
            }

            _source.Dispose();
        }

        private void OneCancelled()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _source.Cancel();
            }
        }
    }
}
