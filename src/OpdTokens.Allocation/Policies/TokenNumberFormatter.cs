using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OpdTokens.Allocation.Models;

namespace OpdTokens.Allocation.Policies;

/// <summary>The default token numbers: <c>{prefix}{doctor}-{yyyyMMdd}-{sequence:0000}</c>, such as
/// <c>DOCD1-20261121-0017</c>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class TokenNumberFormatter : ITokenNumberFormatter
{
    /// <summary>The default prefix, <c>DOC</c>.</summary>
    public const string DefaultPrefix = "DOC";

    /// <summary>Creates a formatter with the default prefix.</summary>
    public TokenNumberFormatter()
        : this(DefaultPrefix) { }

    /// <summary>Creates a formatter with a prefix.</summary>
    /// <param name="prefix">1 to 8 ASCII upper-case letters or digits.</param>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not valid (see <see cref="IsValidPrefix"/>).</exception>
    public TokenNumberFormatter(string prefix)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException(
                "A token number prefix is 1 to 8 ASCII upper-case letters or digits.",
                nameof(prefix)
            );
        }

        Prefix = prefix;
    }

    /// <summary>Gets the prefix.</summary>
    public string Prefix { get; }

    /// <summary>Tells whether a text may be used as a prefix: 1 to 8 ASCII upper-case letters or digits.</summary>
    /// <param name="prefix">The text.</param>
    /// <returns><see langword="true"/> when it is valid.</returns>
    public static bool IsValidPrefix([NotNullWhen(true)] string? prefix) =>
        prefix is { Length: >= 1 and <= 8 } && prefix.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    /// <inheritdoc />
    public string Format(TokenId id) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{id.Doctor.Value}-{id.Date:yyyyMMdd}-{id.Sequence:0000}");

    /// <inheritdoc />
    public bool TryParse([NotNullWhen(true)] string? number, out TokenId id)
    {
        id = default;
        if (number is null || !number.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (!PartitionIdFormat.TryParseTail(number.AsSpan(Prefix.Length), out var partition, out var sequence))
        {
            return false;
        }

        id = new TokenId(partition, sequence);
        return true;
    }
}
