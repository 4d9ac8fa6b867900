using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>Identifies a doctor in the registry.</summary>
/// <remarks>
/// <para>A doctor id is 1 to 32 characters: letters, digits, <c>_</c> and <c>-</c>, starting with a letter or digit.
/// It appears inside token numbers, slot ids and token ids, which is how every id routes to its partition without a
/// global index.</para>
/// <para>The id parses and formats as its text (<see cref="IParsable{TSelf}"/>, <see cref="ISpanFormattable"/>),
/// serialises with System.Text.Json as a JSON string (<see cref="DoctorIdJsonConverter"/>, also as a dictionary key)
/// and converts from and to a string through its <see cref="TypeConverter"/>, as configuration binding and model
/// binding use.</para>
/// <para>The default value is not an id. Its <see cref="Value"/> and its text are empty, so a message about an unknown
/// doctor never throws; but JSON serialisation and the type converter refuse it, and no other id can be built from
/// it.</para>
/// <para>This type is an immutable value and is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{Value}")]
[JsonConverter(typeof(DoctorIdJsonConverter))]
[TypeConverter(typeof(IdTypeConverter<DoctorId>))]
public readonly record struct DoctorId
    : IComparable<DoctorId>,
        ISpanParsable<DoctorId>,
        ISpanFormattable,
        IUtf8SpanFormattable
{
    /// <summary>The longest doctor id accepted.</summary>
    public const int MaxLength = 32;

    private const string Rule = "A doctor id is 1 to 32 letters, digits, '_' or '-', starting with a letter or digit.";

    private readonly string? _value;

    /// <summary>Creates a doctor id from its text.</summary>
    /// <param name="value">The id text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a valid doctor id (see <see cref="IsValid(string)"/>).</exception>
    public DoctorId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException(Rule, nameof(value));
        }

        _value = value;
    }

    /// <summary>An id from text already known to be valid.</summary>
    private DoctorId(string value, bool _) => _value = value;

    /// <summary>Gets the id text; empty for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets whether this is the default value, which is not an id.</summary>
    internal bool IsDefault => _value is null;

    /// <summary>Wraps text already checked with <see cref="IsValid(ReadOnlySpan{char})"/>, without checking it
    /// again.</summary>
    internal static DoctorId FromValid(string value)
    {
        Debug.Assert(IsValid(value), "The caller checked the text.");
        return new DoctorId(value, false);
    }

    /// <summary>Tells whether a text is a valid doctor id.</summary>
    /// <param name="text">The text to check.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> can be used as a doctor id.</returns>
    public static bool IsValid([NotNullWhen(true)] string? text) => text is not null && IsValid(text.AsSpan());

    /// <summary>Tells whether a text is a valid doctor id.</summary>
    /// <param name="text">The text to check.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> can be used as a doctor id.</returns>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > MaxLength || !char.IsAsciiLetterOrDigit(text[0]))
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

    /// <summary>Parses a doctor id.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid doctor id.</exception>
    public static DoctorId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsValid(text) ? new DoctorId(text, false) : throw new FormatException(Rule);
    }

    /// <summary>Parses a doctor id.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid doctor id.</exception>
    public static DoctorId Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out var id) ? id : throw new FormatException(Rule);

    /// <summary>Parses a doctor id without throwing.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The parsed id, or the default value when the text is not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid doctor id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DoctorId id)
    {
        if (IsValid(text))
        {
            id = new DoctorId(text, false);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>Parses a doctor id without throwing.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The parsed id, or the default value when the text is not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid doctor id.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out DoctorId id)
    {
        if (IsValid(text))
        {
            id = new DoctorId(text.ToString(), false);
            return true;
        }

        id = default;
        return false;
    }

    static DoctorId IParsable<DoctorId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<DoctorId>.TryParse(
        [NotNullWhen(true)] string? s,
        IFormatProvider? provider,
        out DoctorId result
    ) => TryParse(s, out result);

    static DoctorId ISpanParsable<DoctorId>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<DoctorId>.TryParse(
        ReadOnlySpan<char> s,
        IFormatProvider? provider,
        out DoctorId result
    ) => TryParse(s, out result);

    /// <inheritdoc />
    public int CompareTo(DoctorId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Returns the id text; empty for the default value.</summary>
    /// <returns>The id text.</returns>
    public override string ToString() => Value;

    /// <summary>Returns the id text; ids have one text form.</summary>
    /// <param name="format">Must be <see langword="null"/>, empty or <c>G</c>.</param>
    /// <param name="formatProvider">Not used: the text does not depend on the culture.</param>
    /// <returns>The id text.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        PartitionIdFormat.CheckFormat(format);
        return Value;
    }

    /// <summary>Writes the id text into a span of characters.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <param name="format">Must be empty or <c>G</c>.</param>
    /// <param name="provider">Not used.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too short.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    public bool TryFormat(
        Span<char> destination,
        out int charsWritten,
        ReadOnlySpan<char> format = default,
        IFormatProvider? provider = null
    )
    {
        PartitionIdFormat.CheckFormat(format);
        if (Value.TryCopyTo(destination))
        {
            charsWritten = Value.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    /// <summary>Writes the id text into a span of UTF-8 bytes.</summary>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="bytesWritten">How many bytes were written.</param>
    /// <param name="format">Must be empty or <c>G</c>.</param>
    /// <param name="provider">Not used.</param>
    /// <returns><see langword="false"/> when <paramref name="utf8Destination"/> is too short.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    public bool TryFormat(
        Span<byte> utf8Destination,
        out int bytesWritten,
        ReadOnlySpan<char> format = default,
        IFormatProvider? provider = null
    )
    {
        PartitionIdFormat.CheckFormat(format);
        return PartitionIdFormat.TryNarrow(Value, utf8Destination, out bytesWritten);
    }

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
