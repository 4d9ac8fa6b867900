using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>Identifies one doctor's day: the unit of locking, storage commits and sharding.</summary>
/// <remarks>
/// <para>The text form is <c>{doctor}/{yyyy-MM-dd}</c>, such as <c>D1/2026-11-21</c>. The key parses and formats as
/// that text (<see cref="IParsable{TSelf}"/>, <see cref="ISpanFormattable"/>), serialises with System.Text.Json as a
/// JSON string (<see cref="PartitionKeyJsonConverter"/>, also as a dictionary key) and converts from and to a string
/// through its <see cref="TypeConverter"/>.</para>
/// <para>The default value names no doctor and is not a key: formatting or serialising it throws
/// <see cref="InvalidOperationException"/>, and no slot or token id can be built on it.</para>
/// <para>This type is an immutable value and is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
[JsonConverter(typeof(PartitionKeyJsonConverter))]
[TypeConverter(typeof(IdTypeConverter<PartitionKey>))]
public readonly record struct PartitionKey
    : IComparable<PartitionKey>,
        ISpanParsable<PartitionKey>,
        ISpanFormattable,
        IUtf8SpanFormattable
{
    /// <summary>The longest text of a key: the doctor, a slash and the date.</summary>
    internal const int MaxLength = DoctorId.MaxLength + 1 + 10;

    private const string Rule = "A doctor-day key is {doctor}/{yyyy-MM-dd}, such as D1/2026-11-21.";

    private readonly DoctorId _doctor;
    private readonly DateOnly _date;

    /// <summary>Creates the key of a doctor's day.</summary>
    /// <param name="Doctor">The doctor.</param>
    /// <param name="Date">The day, in the hospital's time zone.</param>
    /// <exception cref="ArgumentException"><paramref name="Doctor"/> is the default value, which is not a doctor
    /// id.</exception>
    /// <remarks>The parameters keep the names of the positional record this type was, so calls with named arguments
    /// still compile.</remarks>
    public PartitionKey(DoctorId Doctor, DateOnly Date)
    {
        _doctor = NotDefault(Doctor, nameof(Doctor));
        _date = Date;
    }

    /// <summary>Gets the doctor.</summary>
    /// <exception cref="ArgumentException">The value set is the default value, which is not a doctor id.</exception>
    public DoctorId Doctor
    {
        get => _doctor;
        init => _doctor = NotDefault(value, nameof(value));
    }

    /// <summary>Gets the day, in the hospital's time zone.</summary>
    public DateOnly Date
    {
        get => _date;
        init => _date = value;
    }

    /// <summary>Gets whether this is the default value, which is not a key.</summary>
    internal bool IsDefault => _doctor.IsDefault;

    private string DebuggerDisplay => IsDefault ? "(default PartitionKey)" : ToString();

    /// <summary>Splits the key into its doctor and day.</summary>
    /// <param name="Doctor">The doctor.</param>
    /// <param name="Date">The day.</param>
    public void Deconstruct(out DoctorId Doctor, out DateOnly Date)
    {
        Doctor = _doctor;
        Date = _date;
    }

    /// <summary>Parses the text form of a key.</summary>
    /// <param name="text">The text, such as <c>D1/2026-11-21</c>.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a key.</exception>
    public static PartitionKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses the text form of a key.</summary>
    /// <param name="text">The text, such as <c>D1/2026-11-21</c>.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a key.</exception>
    public static PartitionKey Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out var key) ? key : throw new FormatException(Rule);

    /// <summary>Parses the text form of a key without throwing.</summary>
    /// <param name="text">The text, such as <c>D1/2026-11-21</c>.</param>
    /// <param name="key">The parsed key, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a key.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out PartitionKey key)
    {
        if (text is not null)
        {
            return TryParse(text.AsSpan(), out key);
        }

        key = default;
        return false;
    }

    /// <summary>Parses the text form of a key without throwing.</summary>
    /// <param name="text">The text, such as <c>D1/2026-11-21</c>.</param>
    /// <param name="key">The parsed key, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a key.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out PartitionKey key)
    {
        var slash = text.IndexOf('/');
        if (
            slash > 0
            && DateOnly.TryParseExact(
                text[(slash + 1)..],
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var date
            )
            && DoctorId.TryParse(text[..slash], out var doctor)
        )
        {
            key = new PartitionKey(doctor, date);
            return true;
        }

        key = default;
        return false;
    }

    static PartitionKey IParsable<PartitionKey>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<PartitionKey>.TryParse(
        [NotNullWhen(true)] string? s,
        IFormatProvider? provider,
        out PartitionKey result
    ) => TryParse(s, out result);

    static PartitionKey ISpanParsable<PartitionKey>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<PartitionKey>.TryParse(
        ReadOnlySpan<char> s,
        IFormatProvider? provider,
        out PartitionKey result
    ) => TryParse(s, out result);

    /// <inheritdoc />
    public int CompareTo(PartitionKey other)
    {
        var byDate = _date.CompareTo(other._date);
        return byDate != 0 ? byDate : _doctor.CompareTo(other._doctor);
    }

    /// <summary>Returns the key as <c>{doctor}/{yyyy-MM-dd}</c>.</summary>
    /// <returns>The key text.</returns>
    /// <exception cref="InvalidOperationException">This is the default value, which is not a key.</exception>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[MaxLength];
        TryFormat(buffer, out var written);
        return new string(buffer[..written]);
    }

    /// <summary>Returns the key as <c>{doctor}/{yyyy-MM-dd}</c>; keys have one text form.</summary>
    /// <param name="format">Must be <see langword="null"/>, empty or <c>G</c>.</param>
    /// <param name="formatProvider">Not used: the text does not depend on the culture.</param>
    /// <returns>The key text.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    /// <exception cref="InvalidOperationException">This is the default value, which is not a key.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        PartitionIdFormat.CheckFormat(format);
        return ToString();
    }

    /// <summary>Writes the key as <c>{doctor}/{yyyy-MM-dd}</c> into a span of characters.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <param name="format">Must be empty or <c>G</c>.</param>
    /// <param name="provider">Not used.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too short.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    /// <exception cref="InvalidOperationException">This is the default value, which is not a key.</exception>
    public bool TryFormat(
        Span<char> destination,
        out int charsWritten,
        ReadOnlySpan<char> format = default,
        IFormatProvider? provider = null
    )
    {
        PartitionIdFormat.CheckFormat(format);
        ThrowIfDefault();
        var doctor = _doctor.Value;
        var length = doctor.Length + 11;
        if (destination.Length < length)
        {
            charsWritten = 0;
            return false;
        }

        doctor.CopyTo(destination);
        destination[doctor.Length] = '/';
        _date.Deconstruct(out var year, out var month, out var day);
        var date = destination[(doctor.Length + 1)..];
        PartitionIdFormat.WriteDigits(date[..4], year);
        date[4] = '-';
        PartitionIdFormat.WriteDigits(date.Slice(5, 2), month);
        date[7] = '-';
        PartitionIdFormat.WriteDigits(date.Slice(8, 2), day);
        charsWritten = length;
        return true;
    }

    /// <summary>Writes the key as <c>{doctor}/{yyyy-MM-dd}</c> into a span of UTF-8 bytes.</summary>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="bytesWritten">How many bytes were written.</param>
    /// <param name="format">Must be empty or <c>G</c>.</param>
    /// <param name="provider">Not used.</param>
    /// <returns><see langword="false"/> when <paramref name="utf8Destination"/> is too short.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    /// <exception cref="InvalidOperationException">This is the default value, which is not a key.</exception>
    public bool TryFormat(
        Span<byte> utf8Destination,
        out int bytesWritten,
        ReadOnlySpan<char> format = default,
        IFormatProvider? provider = null
    )
    {
        Span<char> buffer = stackalloc char[MaxLength];
        TryFormat(buffer, out var written, format, provider);
        return PartitionIdFormat.TryNarrow(buffer[..written], utf8Destination, out bytesWritten);
    }

    /// <summary>Tells whether the left value sorts before the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(PartitionKey left, PartitionKey right) => left.CompareTo(right) < 0;

    /// <summary>Tells whether the left value sorts before or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(PartitionKey left, PartitionKey right) => left.CompareTo(right) <= 0;

    /// <summary>Tells whether the left value sorts after the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(PartitionKey left, PartitionKey right) => left.CompareTo(right) > 0;

    /// <summary>Tells whether the left value sorts after or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(PartitionKey left, PartitionKey right) => left.CompareTo(right) >= 0;

    /// <summary>A key built by the library from parts already checked.</summary>
    internal static PartitionKey FromValid(string doctor, DateOnly date) => new(DoctorId.FromValid(doctor), date, 0);

    /// <summary>Throws when this is the default value, which has no text.</summary>
    /// <exception cref="InvalidOperationException">This is the default value.</exception>
    internal void ThrowIfDefault()
    {
        if (IsDefault)
        {
            throw new InvalidOperationException(
                "This PartitionKey is the default value, which names no doctor-day and has no text form; create keys "
                    + "with new PartitionKey(doctor, date) or PartitionKey.Parse."
            );
        }
    }

    private PartitionKey(DoctorId doctor, DateOnly date, int _)
    {
        _doctor = doctor;
        _date = date;
    }

    private static DoctorId NotDefault(DoctorId doctor, string parameter) =>
        doctor.IsDefault
            ? throw new ArgumentException(
                "The doctor id is the default value, which is not an id; create it with new DoctorId(text) or "
                    + "DoctorId.Parse.",
                parameter
            )
            : doctor;
}
