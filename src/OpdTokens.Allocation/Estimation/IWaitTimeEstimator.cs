namespace OpdTokens.Allocation.Estimation;

/// <summary>Predicts when each waiting token of a doctor-day will be seen: the seam behind every estimated start the
/// library reports.</summary>
/// <remarks>
/// <para>An estimator is a pure function of its arguments: it reads no clock, does no I/O and keeps no state between
/// calls, so the same snapshot, history and instant always give the same estimates. <see cref="WaitTimeService"/>
/// reads the clock and the history and calls it on every queue read, so keep it cheap: one pass over the day and no
/// allocation per token beyond the result.</para>
/// <para>Every estimate must be at or after <c>now</c>. The shipped estimators are
/// <see cref="LearnedWaitTimeEstimator"/> (the default) and <see cref="SlotFormulaEstimator"/>; choose one with
/// <c>UseWaitTimeEstimator</c> on the builder of <c>AddOpdTokenAllocation</c>.</para>
/// <para>Implementations must be thread-safe: queue reads call them concurrently.</para>
/// </remarks>
public interface IWaitTimeEstimator
{
    /// <summary>Estimates when each token waiting in a slot of the doctor-day (allocated or checked in) will be
    /// seen.</summary>
    /// <param name="day">The doctor-day snapshot.</param>
    /// <param name="history">What earlier days taught about the doctor; <see cref="DoctorHistory.Empty"/> when
    /// nothing is known.</param>
    /// <param name="now">The current instant; no estimate may be earlier.</param>
    /// <returns>One estimate per waiting token of an active slot, by slot start and then queue position.</returns>
    WaitTimeEstimates Estimate(DoctorDay day, DoctorHistory history, DateTimeOffset now);
}
