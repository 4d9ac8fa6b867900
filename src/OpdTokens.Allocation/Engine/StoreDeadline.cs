using System.Collections.Concurrent;
using System.Collections.Immutable;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation;

/// <summary>The engine's view of the host's store with a deadline on every operation: an operation that has not
/// finished when <see cref="OpdTokenAllocationOptions.StoreTimeout"/> passes is cancelled and fails with a
/// <see cref="StateStoreException"/>, so a hung database never hangs a request.</summary>
/// <remarks>The engine does not wrap the in-memory store, which never waits. Sources are pooled, so an operation
/// allocates no timer of its own. The
/// token the store gets is cancelled by the deadline and by the caller's token alike. A store that ignores its token
/// is left to finish on its own: the request fails at the deadline, and should its commit land after all, the next
/// command on that doctor-day meets a version conflict and reloads.</remarks>
internal sealed class StoreDeadline(IStateStore store, TimeSpan timeout, TimeProvider time) : IStateStore
{
    /// <summary>Unarmed, uncancelled sources, reused so a synchronous operation allocates nothing.</summary>
    private readonly ConcurrentBag<CancellationTokenSource> _sources = [];

    public IStateStore Inner => store;

    public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
        Run(static (s, p, t) => s.LoadPartitionAsync(p, t), partition, cancellationToken);

    public ValueTask<long> GetPartitionVersionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
        Run(static (s, p, t) => s.GetPartitionVersionAsync(p, t), partition, cancellationToken);

    public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken) =>
        Run(static (s, c, t) => s.CommitAsync(c, t), change, cancellationToken);

    public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken
    ) => Run(static (s, d, t) => s.ListPartitionsAsync(d, t), onDate, cancellationToken);

    public ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken) =>
        Run(static (s, _, t) => s.LoadDoctorsAsync(t), 0, cancellationToken);

    public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken) =>
        Run(static (s, a, t) => s.SaveDoctorAsync(a.doctor, a.isNew, t), (doctor, isNew), cancellationToken);

    private ValueTask<T> Run<TArg, T>(
        Func<IStateStore, TArg, CancellationToken, ValueTask<T>> operation,
        TArg argument,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        var deadline = Rent();
        var registration = Arm(deadline, cancellationToken);
        ValueTask<T> pending;
        try
        {
            pending = operation(store, argument, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            Disarm(registration, deadline);
            throw TimedOut(e);
        }
        catch
        {
            Disarm(registration, deadline);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Disarm(registration, deadline);
            return pending;
        }

        return AwaitAsync(pending, deadline, registration, cancellationToken);
    }

    private ValueTask Run<TArg>(
        Func<IStateStore, TArg, CancellationToken, ValueTask> operation,
        TArg argument,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        var deadline = Rent();
        var registration = Arm(deadline, cancellationToken);
        ValueTask pending;
        try
        {
            pending = operation(store, argument, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            Disarm(registration, deadline);
            throw TimedOut(e);
        }
        catch
        {
            Disarm(registration, deadline);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Disarm(registration, deadline);
            return pending;
        }

        return AwaitAsync(pending, deadline, registration, cancellationToken);
    }

    private async ValueTask<T> AwaitAsync<T>(
        ValueTask<T> pending,
        CancellationTokenSource deadline,
        CancellationTokenRegistration registration,
        CancellationToken cancellationToken
    )
    {
        try
        {
            // WaitAsync, because a store that ignores its token must not hold the request past the deadline either.
            return await pending.AsTask().WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(e);
        }
        finally
        {
            Disarm(registration, deadline);
        }
    }

    private async ValueTask AwaitAsync(
        ValueTask pending,
        CancellationTokenSource deadline,
        CancellationTokenRegistration registration,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await pending.AsTask().WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(e);
        }
        finally
        {
            Disarm(registration, deadline);
        }
    }

    /// <summary>Starts the deadline's timer and passes the caller's cancellation on to the store's token. Armed
    /// before the store is called, because a store may block inside the call (SQLite waiting for its lock).</summary>
    private CancellationTokenRegistration Arm(CancellationTokenSource deadline, CancellationToken cancellationToken)
    {
        deadline.CancelAfter(timeout);
        return cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
    }

    /// <summary>Stops the timer and keeps the source for reuse unless it fired.</summary>
    private void Disarm(CancellationTokenRegistration registration, CancellationTokenSource deadline)
    {
        // Dispose waits for a running callback, so a source is never reset while the caller's cancel is cancelling it.
        registration.Dispose();
        if (deadline.TryReset())
        {
            _sources.Add(deadline);
        }
        else
        {
            deadline.Dispose();
        }
    }

    private StateStoreException TimedOut(OperationCanceledException cancelled) =>
        new($"The store did not answer within {timeout.TotalSeconds:0.###} s.", cancelled);

    /// <summary>A source whose timer runs on the engine's clock, so a test's manual clock decides deadlines too.</summary>
    private CancellationTokenSource Rent() =>
        _sources.TryTake(out var source) ? source : new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
}
