using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>Identifies a token; the id names the doctor-day and the token's sequence number.</summary>
/// <remarks>
/// <para>The text form is <c>T-{doctor}-{yyyyMMdd}-{sequence}</c>. Because the id carries its partition, a lookup
/// never needs a global index or a global lock.</para>
/// <para>The id parses and formats as that text (<see cref="IParsable{TSelf}"/>, <see cref="ISpanFormattable"/>),
/// serialises with System.Text.Json as a JSON string (<see cref="TokenIdJsonConverter"/>, also as a dictionary key)
/// and converts from and to a string through its <see cref="TypeConverter"/>. Ids order by doctor-day, then by
/// sequence number.</para>
/// <para>The default value is not an id: formatting or serialising it throws <see cref="InvalidOperationException"/>.
/// Every token's id has a real doctor-day and a sequence number of at least 1.</para>
/// <para>This type is an immutable value of 16 bytes and is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
[JsonConverter(typeof(TokenIdJsonConverter))]
[TypeConverter(typeof(IdTypeConverter<TokenId>))]
public readonly record struct TokenId
    : IComparable<TokenId>,
        ISpanParsable<TokenId>,
        ISpanFormattable,
        IUtf8SpanFormattable
{
    private const char Prefix = 'T';

    private const string Rule = "A token id is T-{doctor}-{yyyyMMdd}-{sequence}, such as T-D1-20261121-17.";

    // The partition's parts are stored flat (a doctor id is a string reference): 16 bytes, where a PartitionKey and a
    // number took 24. Every token, idempotency record and event holds an id.
    private readonly string? _doctor;
    private readonly DateOnly _date;
    private readonly int _sequence;

    /// <summary>Creates a token id.</summary>
    /// <param name="Partition">The doctor-day the token belongs to.</param>
    /// <param name="Sequence">The token's sequence number within its doctor-day, at least 1.</param>
    /// <remarks>The parameters keep the names of the positional record this type was, so calls with named arguments
    /// still compile.</remarks>
    /// <exception cref="ArgumentException"><paramref name="Partition"/> is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="Sequence"/> is less than 1.</exception>
    public TokenId(PartitionKey Partition, int Sequence)
    {
        (_doctor, _date) = IdParts.Of(Partition, nameof(Partition));
        _sequence = IdParts.Number(Sequence, nameof(Sequence));
    }

    private TokenId(string doctor, DateOnly date, int sequence)
    {
        _doctor = doctor;
        _date = date;
        _sequence = sequence;
    }

    /// <summary>Gets the doctor-day the token belongs to.</summary>
    /// <exception cref="ArgumentException">The value set is the default value.</exception>
    public PartitionKey Partition
    {
        get => _doctor is null ? default : PartitionKey.FromValid(_doctor, _date);
        init => (_doctor, _date) = IdParts.Of(value, nameof(value));
    }

    /// <summary>Gets the token's sequence number within its doctor-day, starting at 1, never reused.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    public int Sequence
    {
        get => _sequence;
        init => _sequence = IdParts.Number(value, nameof(value));
    }

    /// <summary>Gets the doctor the token is for.</summary>
    public DoctorId Doctor => _doctor is null ? default : DoctorId.FromValid(_doctor);

    /// <summary>Gets the day the token is for.</summary>
    public DateOnly Date => _date;

    private string DebuggerDisplay => _doctor is null ? "(default TokenId)" : ToString();

    /// <summary>Splits the id into its doctor-day and sequence number.</summary>
    /// <param name="Partition">The doctor-day.</param>
    /// <param name="Sequence">The sequence number.</param>
    public void Deconstruct(out PartitionKey Partition, out int Sequence)
    {
        Partition = this.Partition;
        Sequence = _sequence;
    }

    /// <summary>Parses the text form of a token id.</summary>
    /// <param name="text">The text, such as <c>T-D1-20261121-17</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a token id.</exception>
    public static TokenId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses the text form of a token id.</summary>
    /// <param name="text">The text, such as <c>T-D1-20261121-17</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a token id.</exception>
    public static TokenId Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out var id) ? id : throw new FormatException(Rule);

    /// <summary>Parses the text form of a token id without throwing.</summary>
    /// <param name="text">The text to parse, such as <c>T-D1-20261121-17</c>.</param>
    /// <param name="id">The parsed id, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a token id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out TokenId id)
    {
        if (text is not null)
        {
            return TryParse(text.AsSpan(), out id);
        }

        id = default;
        return false;
    }

    /// <summary>Parses the text form of a token id without throwing.</summary>
    /// <param name="text">The text to parse, such as <c>T-D1-20261121-17</c>.</param>
    /// <param name="id">The parsed id, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a token id.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out TokenId id)
    {
        id = PartitionIdFormat.TryParse(text, Prefix, out var doctor, out var date, out var sequence)
            ? new TokenId(doctor, date, sequence)
            : default;
        return id._doctor is not null;
    }

    static TokenId IParsable<TokenId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<TokenId>.TryParse(
        [NotNullWhen(true)] string? s,
        IFormatProvider? provider,
        out TokenId result
    ) => TryParse(s, out result);

    static TokenId ISpanParsable<TokenId>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<TokenId>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out TokenId result) =>
        TryParse(s, out result);

    /// <summary>Compares by doctor-day (date, then doctor), then by sequence number.</summary>
    /// <param name="other">The other id.</param>
    /// <returns>The comparison.</returns>
    public int CompareTo(TokenId other)
    {
        var byPartition = IdParts.Compare(_doctor, _date, other._doctor, other._date);
        return byPartition != 0 ? byPartition : _sequence.CompareTo(other._sequence);
    }

    /// <summary>Returns the text form, <c>T-{doctor}-{yyyyMMdd}-{sequence}</c>.</summary>
    /// <returns>The text form of the id.</returns>
    /// <exception cref="InvalidOperationException">This is the default value, which is not an id.</exception>
    public override string ToString() =>
        PartitionIdFormat.Format(Prefix, _doctor ?? throw IdParts.DefaultId(nameof(TokenId)), _date, _sequence);

    /// <summary>Returns the text form; ids have one text form.</summary>
    /// <param name="format">Must be <see langword="null"/>, empty or <c>G</c>.</param>
    /// <param name="formatProvider">Not used: the text does not depend on the culture.</param>
    /// <returns>The text form of the id.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    /// <exception cref="InvalidOperationException">This is the default value, which is not an id.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        PartitionIdFormat.CheckFormat(format);
        return ToString();
    }

    /// <summary>Writes the text form into a span of characters.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <param name="format">Must be empty or <c>G</c>.</param>
    /// <param name="provider">Not used.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too short.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    /// <exception cref="InvalidOperationException">This is the default value, which is not an id.</exception>
    public bool TryFormat(
        Span<char> destination,
        out int charsWritten,
        ReadOnlySpan<char> format = default,
        IFormatProvider? provider = null
    )
    {
        PartitionIdFormat.CheckFormat(format);
        return PartitionIdFormat.TryFormat(
            destination,
            out charsWritten,
            Prefix,
            _doctor ?? throw IdParts.DefaultId(nameof(TokenId)),
            _date,
            _sequence
        );
    }

    /// <summary>Writes the text form into a span of UTF-8 bytes.</summary>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="bytesWritten">How many bytes were written.</param>
    /// <param name="format">Must be empty or <c>G</c>.</param>
    /// <param name="provider">Not used.</param>
    /// <returns><see langword="false"/> when <paramref name="utf8Destination"/> is too short.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    /// <exception cref="InvalidOperationException">This is the default value, which is not an id.</exception>
    public bool TryFormat(
        Span<byte> utf8Destination,
        out int bytesWritten,
        ReadOnlySpan<char> format = default,
        IFormatProvider? provider = null
    )
    {
        Span<char> buffer = stackalloc char[PartitionIdFormat.MaxLength];
        TryFormat(buffer, out var written, format, provider);
        return PartitionIdFormat.TryNarrow(buffer[..written], utf8Destination, out bytesWritten);
    }

    /// <summary>Tells whether the left value sorts before the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(TokenId left, TokenId right) => left.CompareTo(right) < 0;

    /// <summary>Tells whether the left value sorts before or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(TokenId left, TokenId right) => left.CompareTo(right) <= 0;

    /// <summary>Tells whether the left value sorts after the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(TokenId left, TokenId right) => left.CompareTo(right) > 0;

    /// <summary>Tells whether the left value sorts after or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(TokenId left, TokenId right) => left.CompareTo(right) >= 0;
}
