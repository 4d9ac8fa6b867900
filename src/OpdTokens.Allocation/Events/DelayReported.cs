namespace OpdTokens.Allocation;

/// <summary>A doctor's delay for the day was reported.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="Delay">The doctor-day's total delay.</param>
/// <param name="MovedTokens">How many tokens moved to a later slot.</param>
public sealed record DelayReported(EventStamp Stamp, TimeSpan Delay, int MovedTokens) : AllocationEvent(Stamp);
