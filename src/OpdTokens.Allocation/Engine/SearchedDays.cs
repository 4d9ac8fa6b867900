using System.Runtime.CompilerServices;

namespace OpdTokens.Allocation;

/// <summary>The days one part of the alternatives search reads, named by what they are of and the day searched from:
/// the registry's <see cref="Doctor"/> for a doctor's following days, or its array of a specialty's doctors. Compared
/// by reference, so a registry change (which publishes new ones) starts afresh.</summary>
/// <param name="Of">The doctor or the specialty's array of doctors.</param>
/// <param name="Date">The day searched from.</param>
internal readonly record struct SearchedDays(object Of, DateOnly Date)
{
    public bool Equals(SearchedDays other) => ReferenceEquals(Of, other.Of) && Date == other.Date;

    // Stryker disable once Bitwise : equivalent; any hash of the same parts finds the same entries.
    public override int GetHashCode() => RuntimeHelpers.GetHashCode(Of) ^ Date.DayNumber;
}
