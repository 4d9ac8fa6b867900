using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace OpdTokens.Allocation;

/// <summary>Identifies a doctor in the registry.</summary>
/// <remarks>
/// <para>A doctor id is 1 to 32 characters: letters, digits, <c>_</c> and <c>-</c>, starting with a letter or digit.
/// It appears inside token numbers, slot ids and token ids, which is how every id routes to its partition without a
/// global index.</para>
/// <para>This type is an immutable value and is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{Value}")]
public readonly record struct DoctorId : IComparable<DoctorId>
{
    /// <summary>The longest doctor id accepted.</summary>
    public const int MaxLength = 32;

    private readonly string? _value;

    /// <summary>Creates a doctor id from its text.</summary>
    /// <param name="value">The id text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a valid doctor id (see <see cref="IsValid"/>).</exception>
    public DoctorId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException(
                "A doctor id is 1 to 32 letters, digits, '_' or '-', starting with a letter or digit.",
                nameof(value)
            );
        }

        _value = value;
    }

    /// <summary>Gets the id text; empty for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Tells whether a text is a valid doctor id.</summary>
    /// <param name="text">The text to check.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> can be used as a doctor id.</returns>
    public static bool IsValid([NotNullWhen(true)] string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !char.IsAsciiLetterOrDigit(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a doctor id without throwing.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The parsed id, or the default value when the text is not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid doctor id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DoctorId id)
    {
        if (IsValid(text))
        {
            id = new DoctorId(text);
            return true;
        }

        id = default;
        return false;
    }

    /// <inheritdoc />
    public int CompareTo(DoctorId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Returns the id text.</summary>
    /// <returns>The id text.</returns>
    public override string ToString() => Value;

    /// <summary>Tells whether the left value sorts before the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(DoctorId left, DoctorId right) => left.CompareTo(right) < 0;

    /// <summary>Tells whether the left value sorts before or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(DoctorId left, DoctorId right) => left.CompareTo(right) <= 0;

    /// <summary>Tells whether the left value sorts after the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(DoctorId left, DoctorId right) => left.CompareTo(right) > 0;

    /// <summary>Tells whether the left value sorts after or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(DoctorId left, DoctorId right) => left.CompareTo(right) >= 0;
}
