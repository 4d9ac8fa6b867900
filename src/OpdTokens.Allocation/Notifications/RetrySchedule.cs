namespace OpdTokens.Allocation.Notifications;

/// <summary>When to try a failed delivery again: exponential backoff with jitter.</summary>
/// <remarks>
/// The schedule is stored with the event (its next attempt time), not kept in a waiting task, so attempts survive a
/// restart and move between instances; that is why the dispatcher computes it here rather than running an in-process
/// retry pipeline such as Polly's.
/// </remarks>
internal static class RetrySchedule
{
    /// <summary>The wait after the <paramref name="failedAttempts"/>-th failure: base × 2^(n-1), capped, then a random
    /// share between half and all of it, so instances that failed together do not retry together.</summary>
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = Math.Min((double)maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (0.5 * Math.Clamp(random, 0, 1)))));
    }
}
