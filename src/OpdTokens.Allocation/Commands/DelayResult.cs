using System.Collections.Immutable;

namespace OpdTokens.Allocation;

/// <summary>The result of a <see cref="ReportDelay"/> command.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Delay">The doctor-day's delay now.</param>
/// <param name="MovedTokens">The tokens moved to a later slot, in their new place.</param>
public sealed record DelayResult(TimeSpan Delay, ImmutableArray<Token> MovedTokens);
