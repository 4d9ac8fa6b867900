using System.Diagnostics.CodeAnalysis;

namespace OpdTokens.Allocation.Policies;

/// <summary>Turns token ids into the numbers printed on tokens, and back.</summary>
/// <remarks>
/// <para>The number must name the doctor-day and the sequence, so that a lookup by number routes to its partition
/// without a global index: <see cref="TryParse"/> must accept everything <see cref="Format"/> produces.</para>
/// <para>Implementations must be pure and thread-safe.</para>
/// </remarks>
public interface ITokenNumberFormatter
{
    /// <summary>Formats the number of a token.</summary>
    /// <param name="id">The token's id.</param>
    /// <returns>The token number.</returns>
    string Format(TokenId id);

    /// <summary>Parses a token number back to the token's id, without throwing.</summary>
    /// <param name="number">The token number.</param>
    /// <param name="id">The token's id, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="number"/> has this formatter's shape.</returns>
    bool TryParse([NotNullWhen(true)] string? number, out TokenId id);
}
