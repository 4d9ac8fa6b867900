namespace OpdTokens.Allocation.PostgreSql;

/// <summary>Runs a database call so that its caller's token ends the wait promptly even when the server never
/// answers.</summary>
/// <remarks>Npgsql cancels a command by sending the server a cancel request and waiting for it, inside the token's
/// callback, on whatever thread cancelled the token; a frozen server holds that thread. So the caller's token is not
/// given to Npgsql: the call gets a token of its own, cancelled on the thread pool, and the caller stops waiting as
/// soon as its token is cancelled (after a grace period for writes, so a live server's real answer is kept). A call
/// given up on runs to its own end in the background, where its error is observed.</remarks>
internal static class StoreCall
{
    public static async Task RunAsync(
        Func<CancellationToken, Task> operation,
        TimeSpan grace,
        CancellationToken callerToken
    ) =>
        await RunAsync<bool>(
                async token =>
                {
                    await operation(token).ConfigureAwait(false);
                    return true;
                },
                grace,
                callerToken
            )
            .ConfigureAwait(false);

    /// <summary>Runs <paramref name="operation"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="callerToken"/> was cancelled and the operation
    /// did not end within <paramref name="grace"/>; it goes on in the background.</exception>
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        TimeSpan grace,
        CancellationToken callerToken
    )
    {
        callerToken.ThrowIfCancellationRequested();
        if (!callerToken.CanBeCanceled)
        {
            return await operation(CancellationToken.None).ConfigureAwait(false);
        }

        var own = new CancellationTokenSource();
        var registration = callerToken.UnsafeRegister(
            static state =>
                ThreadPool.UnsafeQueueUserWorkItem(static source => ((CancellationTokenSource)source!).Cancel(), state),
            own
        );
        var task = operation(own.Token);
        try
        {
            return await task.WaitAsync(callerToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!task.IsCompleted)
        {
            if (
                grace > TimeSpan.Zero
                && await Task.WhenAny(task, Task.Delay(grace, CancellationToken.None)).ConfigureAwait(false) == task
            )
            {
                return await task.ConfigureAwait(false);
            }

            _ = task.ContinueWith(
                static t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default
            );
            throw;
        }
        finally
        {
            await registration.DisposeAsync().ConfigureAwait(false);
        }
    }
}
