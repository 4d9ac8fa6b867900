namespace OpdTokens.Allocation;

/// <summary>The writer locks: a doctor-day takes the stripe its key hashes to, so writers of one doctor-day are
/// serialised and writers of different doctors rarely meet.</summary>
internal sealed class StripeLocks : IDisposable
{
    private readonly SemaphoreSlim[] _stripes;

    /// <param name="count">How many stripes; a power of two.</param>
    public StripeLocks(int count)
    {
        _stripes = new SemaphoreSlim[count];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    public int Count => _stripes.Length;

    public SemaphoreSlim For(PartitionKey key) => _stripes[key.GetHashCode() & (_stripes.Length - 1)];

    /// <summary>Takes a stripe lock. A writer holds it for about a microsecond with the in-memory store, so a lock
    /// another thread holds is spun on briefly first: waiting asynchronously costs a thread-pool hop per collision.
    /// </summary>
    public static ValueTask EnterAsync(SemaphoreSlim stripe, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var spinner = default(SpinWait);
        while (!spinner.NextSpinWillYield)
        {
            if (stripe.Wait(0, CancellationToken.None))
            {
                return ValueTask.CompletedTask;
            }

            spinner.SpinOnce();
        }

        return new ValueTask(stripe.WaitAsync(cancellationToken));
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }
}
