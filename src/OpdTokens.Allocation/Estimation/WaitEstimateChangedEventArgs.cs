namespace OpdTokens.Allocation;

/// <summary>A waiting token's estimated start moved by more than the monitor's margin.</summary>
/// <remarks>Carries ids, never a patient's personal data: look the token up to reach the patient. This type is
/// immutable and thread-safe.</remarks>
public sealed class WaitEstimateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="previous">The estimate before.</param>
    /// <param name="current">The estimate now.</param>
    /// <param name="version">The doctor-day version the new estimate was computed from.</param>
    public WaitEstimateChangedEventArgs(WaitEstimate previous, WaitEstimate current, long version)
    {
        Previous = previous;
        Current = current;
        Version = version;
    }

    /// <summary>Gets the token.</summary>
    public TokenId TokenId => Current.TokenId;

    /// <summary>Gets the estimate the monitor computed before.</summary>
    public WaitEstimate Previous { get; }

    /// <summary>Gets the estimate now.</summary>
    public WaitEstimate Current { get; }

    /// <summary>Gets the doctor-day version <see cref="Current"/> was computed from.</summary>
    public long Version { get; }

    /// <summary>Gets how far the estimate moved: positive when the patient will be seen later.</summary>
    public TimeSpan Shift => Current.EstimatedStart - Previous.EstimatedStart;
}
