using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Presentation;

/// <summary>The tokens of a doctor-day in sequence order.</summary>
/// <remarks>Read by sequence number through <c>Tokens.TryGetValue</c> and <c>Count</c>, which every shape of the
/// doctor-day's token view offers: sequences start at 1 and are never reused or removed.</remarks>
internal static class DayTokens
{
    public static IEnumerable<Token> InSequence(DoctorDay day)
    {
        var found = 0;
        for (var sequence = 1; found < day.Tokens.Count; sequence++)
        {
            if (day.Tokens.TryGetValue(sequence, out var token))
            {
                found++;
                yield return token;
            }
        }
    }
}
