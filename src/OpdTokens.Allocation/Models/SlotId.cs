using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>Identifies a time slot; the id names the doctor-day the slot belongs to.</summary>
/// <remarks>
/// <para>The text form is <c>S-{doctor}-{yyyyMMdd}-{number}</c>, where the number counts the slots of that doctor-day
/// in the order they were added, starting at 1.</para>
/// <para>The id parses and formats as that text (<see cref="IParsable{TSelf}"/>, <see cref="ISpanFormattable"/>),
/// serialises with System.Text.Json as a JSON string (<see cref="SlotIdJsonConverter"/>, also as a dictionary key)
/// and converts from and to a string through its <see cref="TypeConverter"/>. Ids order by doctor-day, then by
/// number.</para>
/// <para>The default value is not an id: formatting or serialising it throws <see cref="InvalidOperationException"/>.
/// Every slot's id has a real doctor-day and a number of at least 1.</para>
/// <para>This type is an immutable value of 16 bytes and is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
[JsonConverter(typeof(SlotIdJsonConverter))]
[TypeConverter(typeof(IdTypeConverter<SlotId>))]
public readonly record struct SlotId
    : IComparable<SlotId>,
        ISpanParsable<SlotId>,
        ISpanFormattable,
        IUtf8SpanFormattable
{
    private const char Prefix = 'S';

    private const string Rule = "A slot id is S-{doctor}-{yyyyMMdd}-{number}, such as S-D1-20261121-3.";

    // The partition's parts are stored flat (a doctor id is a string reference): 16 bytes, where a PartitionKey and a
    // number took 24. Every token with a seat and every move holds one.
    private readonly string? _doctor;
    private readonly DateOnly _date;
    private readonly int _number;

    /// <summary>Creates a slot id.</summary>
    /// <param name="Partition">The doctor-day the slot belongs to.</param>
    /// <param name="Number">The slot's number within its doctor-day, at least 1.</param>
    /// <remarks>The parameters keep the names of the positional record this type was, so calls with named arguments
    /// still compile.</remarks>
    /// <exception cref="ArgumentException"><paramref name="Partition"/> is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="Number"/> is less than 1.</exception>
    public SlotId(PartitionKey Partition, int Number)
    {
        (_doctor, _date) = IdParts.Of(Partition, nameof(Partition));
        _number = IdParts.Number(Number, nameof(Number));
    }

    private SlotId(string doctor, DateOnly date, int number)
    {
        _doctor = doctor;
        _date = date;
        _number = number;
    }

    /// <summary>Gets the doctor-day the slot belongs to.</summary>
    /// <exception cref="ArgumentException">The value set is the default value.</exception>
    public PartitionKey Partition
    {
        get => _doctor is null ? default : PartitionKey.FromValid(_doctor, _date);
        init => (_doctor, _date) = IdParts.Of(value, nameof(value));
    }

    /// <summary>Gets the slot's number within its doctor-day, starting at 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    public int Number
    {
        get => _number;
        init => _number = IdParts.Number(value, nameof(value));
    }

    /// <summary>Gets the doctor the slot belongs to.</summary>
    public DoctorId Doctor => _doctor is null ? default : DoctorId.FromValid(_doctor);

    /// <summary>Gets the day of the slot.</summary>
    public DateOnly Date => _date;

    private string DebuggerDisplay => _doctor is null ? "(default SlotId)" : ToString();

    /// <summary>Splits the id into its doctor-day and number.</summary>
    /// <param name="Partition">The doctor-day.</param>
    /// <param name="Number">The slot's number.</param>
    public void Deconstruct(out PartitionKey Partition, out int Number)
    {
        Partition = this.Partition;
        Number = _number;
    }

    /// <summary>Parses the text form of a slot id.</summary>
    /// <param name="text">The text, such as <c>S-D1-20261121-3</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a slot id.</exception>
    public static SlotId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses the text form of a slot id.</summary>
    /// <param name="text">The text, such as <c>S-D1-20261121-3</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a slot id.</exception>
    public static SlotId Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out var id) ? id : throw new FormatException(Rule);

    /// <summary>Parses the text form of a slot id without throwing.</summary>
    /// <param name="text">The text to parse, such as <c>S-D1-20261121-3</c>.</param>
    /// <param name="id">The parsed id, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a slot id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out SlotId id)
    {
        if (text is not null)
        {
            return TryParse(text.AsSpan(), out id);
        }

        id = default;
        return false;
    }

    /// <summary>Parses the text form of a slot id without throwing.</summary>
    /// <param name="text">The text to parse, such as <c>S-D1-20261121-3</c>.</param>
    /// <param name="id">The parsed id, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a slot id.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out SlotId id)
    {
        id = PartitionIdFormat.TryParse(text, Prefix, out var doctor, out var date, out var number)
            ? new SlotId(doctor, date, number)
            : default;
        return id._doctor is not null;
    }

    static SlotId IParsable<SlotId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<SlotId>.TryParse(
        [NotNullWhen(true)] string? s,
        IFormatProvider? provider,
        out SlotId result
    ) => TryParse(s, out result);

    static SlotId ISpanParsable<SlotId>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<SlotId>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out SlotId result) =>
        TryParse(s, out result);

    /// <summary>Compares by doctor-day (date, then doctor), then by number.</summary>
    /// <param name="other">The other id.</param>
    /// <returns>The comparison.</returns>
    public int CompareTo(SlotId other)
    {
        var byPartition = IdParts.Compare(_doctor, _date, other._doctor, other._date);
        return byPartition != 0 ? byPartition : _number.CompareTo(other._number);
    }

    /// <summary>Returns the text form, <c>S-{doctor}-{yyyyMMdd}-{number}</c>.</summary>
    /// <returns>The text form of the id.</returns>
    /// <exception cref="InvalidOperationException">This is the default value, which is not an id.</exception>
    public override string ToString() =>
        PartitionIdFormat.Format(Prefix, _doctor ?? throw IdParts.DefaultId(nameof(SlotId)), _date, _number);

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
            _doctor ?? throw IdParts.DefaultId(nameof(SlotId)),
            _date,
            _number
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
    public static bool operator <(SlotId left, SlotId right) => left.CompareTo(right) < 0;

    /// <summary>Tells whether the left value sorts before or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(SlotId left, SlotId right) => left.CompareTo(right) <= 0;

    /// <summary>Tells whether the left value sorts after the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(SlotId left, SlotId right) => left.CompareTo(right) > 0;

    /// <summary>Tells whether the left value sorts after or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(SlotId left, SlotId right) => left.CompareTo(right) >= 0;
}
