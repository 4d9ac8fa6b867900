using System.Diagnostics;

namespace OpdTokens.Allocation;

/// <summary>An asynchronous lock for one stripe of doctor-days: taking and releasing it uncontended is one
/// compare-and-swap each; a writer that finds it taken spins briefly, then queues and awaits its turn, which the
/// releaser hands over directly.</summary>
/// <remarks>A writer holds a stripe for about a microsecond with the in-memory store, where a
/// <see cref="SemaphoreSlim"/>'s internal monitor costs more than the work it guards. The queue and its monitor are
/// used only once two writers meet.</remarks>
[DebuggerDisplay("{DebuggerState}")]
internal sealed class StripeLock
{
    private const int Free = 0;
    private const int Held = 1;
    private const int HeldWithWaiters = 2;

    /// <summary><see cref="Free"/>, <see cref="Held"/> or <see cref="HeldWithWaiters"/>.</summary>
    private int _state;

    /// <summary>Writers waiting, first come first served; only touched under a lock on itself.</summary>
    private readonly LinkedList<Waiter> _waiters = new();

    // Stripes are allocated together, and two threads take neighbouring ones all the time.
#pragma warning disable CS0169, IDE0051 // never read: it only takes space
    private readonly CacheLinePadding _padding;
#pragma warning restore CS0169, IDE0051

    private string DebuggerState =>
        Volatile.Read(ref _state) switch
        {
            Free => "free",
            Held => "held",
            _ => "held, with waiters",
        };

    public ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _state, Held, Free) == Free)
        {
            return ValueTask.CompletedTask;
        }

        // Another writer holds it for a microsecond or so: spinning a little is cheaper than a thread-pool hop.
        var spinner = default(SpinWait);
        while (!spinner.NextSpinWillYield)
        {
            spinner.SpinOnce();
            if (Volatile.Read(ref _state) == Free && Interlocked.CompareExchange(ref _state, Held, Free) == Free)
            {
                return ValueTask.CompletedTask;
            }
        }

        return EnterSlowlyAsync(cancellationToken);
    }

    public void Exit()
    {
        if (Interlocked.CompareExchange(ref _state, Free, Held) == Held)
        {
            return;
        }

        Waiter? next = null;
        lock (_waiters)
        {
            Debug.Assert(_state == HeldWithWaiters, "Only a held lock is released.");
            if (_waiters.First is { } first)
            {
                // The lock passes to the first waiter without ever being free.
                _waiters.RemoveFirst();
                next = first.Value;
            }

            Volatile.Write(
                ref _state,
                next is null ? Free
                    : _waiters.Count == 0 ? Held
                    : HeldWithWaiters
            );
        }

        // Completed outside the lock, and asynchronously: the waiter's continuation never runs inside Exit.
        next?.TrySetResult();
    }

    private ValueTask EnterSlowlyAsync(CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_waiters)
        {
            while (true)
            {
                var state = Volatile.Read(ref _state);
                if (state == Free && Interlocked.CompareExchange(ref _state, Held, Free) == Free)
                {
                    return ValueTask.CompletedTask;
                }

                // Marked, the holder's release goes through the queue, which stays locked until this waiter is in it.
                if (
                    state == HeldWithWaiters
                    || (state == Held && Interlocked.CompareExchange(ref _state, HeldWithWaiters, Held) == Held)
                )
                {
                    break;
                }
            }

            waiter = new Waiter(this, cancellationToken);
            waiter.Node = _waiters.AddLast(waiter);
        }

        return cancellationToken.CanBeCanceled ? WaitAsync(waiter) : new ValueTask(waiter.Task);
    }

    private static async ValueTask WaitAsync(Waiter waiter)
    {
        using var registration = waiter.Token.UnsafeRegister(static w => ((Waiter)w!).Cancel(), waiter);
        await waiter.Task.ConfigureAwait(false);
    }

    /// <summary>A writer in the queue.</summary>
    private sealed class Waiter(StripeLock owner, CancellationToken token)
        : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationToken Token => token;

        /// <summary>Leaves the queue; a waiter already handed the lock is not in it any more and keeps the lock.</summary>
        public void Cancel()
        {
            lock (owner._waiters)
            {
                if (Node?.List is null)
                {
                    return;
                }

                owner._waiters.Remove(Node);
                if (owner._waiters.Count == 0 && Volatile.Read(ref owner._state) == HeldWithWaiters)
                {
                    Volatile.Write(ref owner._state, Held);
                }
            }

            TrySetCanceled(token);
        }
    }
}
