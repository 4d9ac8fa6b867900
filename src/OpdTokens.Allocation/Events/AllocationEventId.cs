using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>Identifies a domain event: its doctor-day, the version its change committed and its place in that
/// change.</summary>
/// <remarks>
/// <para>The text form is <c>E-{doctor}-{yyyyMMdd}-{version}-{sequence}</c>, such as <c>E-D1-20261121-7-2</c>. Ids
/// order the events of a doctor-day as they happened: by version, then by sequence. The outbox, the notification
/// dispatcher, the webhook payload and receivers use the id to recognise an event delivered twice.</para>
/// <para>The id parses and formats as that text (<see cref="IParsable{TSelf}"/>, <see cref="ISpanFormattable"/>),
/// serialises with System.Text.Json as a JSON string (<see cref="AllocationEventIdJsonConverter"/>) and converts from and to a
/// string through its <see cref="TypeConverter"/>.</para>
/// <para>The default value is not an id: formatting or serialising it throws <see cref="InvalidOperationException"/>.
/// This type is an immutable value and is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
[JsonConverter(typeof(AllocationEventIdJsonConverter))]
[TypeConverter(typeof(IdTypeConverter<AllocationEventId>))]
public readonly record struct AllocationEventId
    : IComparable<AllocationEventId>,
        ISpanParsable<AllocationEventId>,
        ISpanFormattable,
        IUtf8SpanFormattable
{
    private const string Rule = "An event id is E-{doctor}-{yyyyMMdd}-{version}-{sequence}, such as E-D1-20261121-7-2.";

    /// <summary>The longest text: the partition's part, a 19-digit version and a dash.</summary>
    private const int MaxLength = PartitionIdFormat.MaxLength + 20;

    private readonly PartitionKey _partition;
    private readonly long _version;
    private readonly int _sequence;

    /// <summary>Creates an event id.</summary>
    /// <param name="partition">The doctor-day of the event.</param>
    /// <param name="version">The doctor-day version the event's change committed, at least 1.</param>
    /// <param name="sequence">The event's place in its change, at least 1.</param>
    /// <exception cref="ArgumentException"><paramref name="partition"/> is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> or <paramref name="sequence"/> is
    /// less than 1.</exception>
    public AllocationEventId(PartitionKey partition, long version, int sequence)
    {
        IdParts.Of(partition, nameof(partition));
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1, nameof(version));
        _partition = partition;
        _version = version;
        _sequence = IdParts.Number(sequence, nameof(sequence));
    }

    /// <summary>Gets the doctor-day of the event.</summary>
    public PartitionKey Partition => _partition;

    /// <summary>Gets the doctor-day version the event's change committed.</summary>
    public long Version => _version;

    /// <summary>Gets the event's place in its change, from 1.</summary>
    public int Sequence => _sequence;

    private string DebuggerDisplay => _partition.IsDefault ? "(default AllocationEventId)" : ToString();

    /// <summary>Gets the id of an event the engine raised.</summary>
    /// <param name="allocationEvent">The event; its stamp carries a version and a sequence of at least 1, as the
    /// engine's events do.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="allocationEvent"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The event's stamp has no doctor-day, version or sequence.</exception>
    public static AllocationEventId Of(AllocationEvent allocationEvent)
    {
        ArgumentNullException.ThrowIfNull(allocationEvent);
        var stamp = allocationEvent.Stamp;
        if (stamp.Partition.IsDefault || stamp.Version < 1 || stamp.Sequence < 1)
        {
            throw new ArgumentException(
                "The event's stamp names no doctor-day, version or sequence; only committed events have ids.",
                nameof(allocationEvent)
            );
        }

        return new AllocationEventId(stamp.Partition, stamp.Version, stamp.Sequence);
    }

    /// <summary>Parses the text form of an event id.</summary>
    /// <param name="text">The text, such as <c>E-D1-20261121-7-2</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not an event id.</exception>
    public static AllocationEventId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses the text form of an event id.</summary>
    /// <param name="text">The text, such as <c>E-D1-20261121-7-2</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not an event id.</exception>
    public static AllocationEventId Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out var id) ? id : throw new FormatException(Rule);

    /// <summary>Parses the text form of an event id without throwing.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The parsed id, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an event id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out AllocationEventId id)
    {
        if (text is not null)
        {
            return TryParse(text.AsSpan(), out id);
        }

        id = default;
        return false;
    }

    /// <summary>Parses the text form of an event id without throwing.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The parsed id, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an event id.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out AllocationEventId id)
    {
        id = default;
        if (!text.StartsWith("E-") || text.Length > MaxLength)
        {
            return false;
        }

        // Parsed from the right, as doctor ids may contain '-': sequence, then version, then the doctor-day.
        var lastDash = text.LastIndexOf('-');
        if (lastDash <= 2 || !TryNumber(text[(lastDash + 1)..], out var sequence) || sequence > int.MaxValue)
        {
            return false;
        }

        var rest = text[..lastDash];
        var versionDash = rest.LastIndexOf('-');
        if (versionDash <= 2 || !TryNumber(rest[(versionDash + 1)..], out var version))
        {
            return false;
        }

        // The doctor-day part with a dummy number, so the shared parser checks the doctor and the date.
        Span<char> head = stackalloc char[versionDash - 2 + 2];
        rest[2..versionDash].CopyTo(head);
        head[^2] = '-';
        head[^1] = '1';
        if (!PartitionIdFormat.TryParseTail(head, out PartitionKey partition, out _))
        {
            return false;
        }

        id = new AllocationEventId(partition, version, (int)sequence);
        return true;
    }

    static AllocationEventId IParsable<AllocationEventId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<AllocationEventId>.TryParse(
        [NotNullWhen(true)] string? s,
        IFormatProvider? provider,
        out AllocationEventId result
    ) => TryParse(s, out result);

    static AllocationEventId ISpanParsable<AllocationEventId>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        Parse(s);

    static bool ISpanParsable<AllocationEventId>.TryParse(
        ReadOnlySpan<char> s,
        IFormatProvider? provider,
        out AllocationEventId result
    ) => TryParse(s, out result);

    /// <summary>Compares by doctor-day (date, then doctor), then by version, then by sequence: the order the events
    /// of a doctor-day happened in.</summary>
    /// <param name="other">The other id.</param>
    /// <returns>The comparison.</returns>
    public int CompareTo(AllocationEventId other)
    {
        var byPartition = _partition.CompareTo(other._partition);
        if (byPartition != 0)
        {
            return byPartition;
        }

        var byVersion = _version.CompareTo(other._version);
        return byVersion != 0 ? byVersion : _sequence.CompareTo(other._sequence);
    }

    /// <summary>Returns the text form, <c>E-{doctor}-{yyyyMMdd}-{version}-{sequence}</c>.</summary>
    /// <returns>The text form of the id.</returns>
    /// <exception cref="InvalidOperationException">This is the default value, which is not an id.</exception>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[MaxLength];
        TryFormat(buffer, out var written);
        return new string(buffer[..written]);
    }

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
        if (_partition.IsDefault)
        {
            throw IdParts.DefaultId(nameof(AllocationEventId));
        }

        charsWritten = 0;
        Span<char> buffer = stackalloc char[MaxLength];
        // The shared writer makes E-{doctor}-{yyyyMMdd}-{sequence}; the version goes between date and sequence.
        PartitionIdFormat.TryFormat(buffer, out var head, 'E', _partition.Doctor.Value, _partition.Date, 1);
        var at = head - 1;
        if (!_version.TryFormat(buffer[at..], out var versionLength, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        at += versionLength;
        buffer[at++] = '-';
        _sequence.TryFormat(buffer[at..], out var sequenceLength, default, CultureInfo.InvariantCulture);
        at += sequenceLength;
        if (destination.Length < at)
        {
            return false;
        }

        buffer[..at].CopyTo(destination);
        charsWritten = at;
        return true;
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
        Span<char> buffer = stackalloc char[MaxLength];
        TryFormat(buffer, out var written, format, provider);
        return PartitionIdFormat.TryNarrow(buffer[..written], utf8Destination, out bytesWritten);
    }

    /// <summary>Tells whether the left value sorts before the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(AllocationEventId left, AllocationEventId right) => left.CompareTo(right) < 0;

    /// <summary>Tells whether the left value sorts before or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(AllocationEventId left, AllocationEventId right) => left.CompareTo(right) <= 0;

    /// <summary>Tells whether the left value sorts after the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(AllocationEventId left, AllocationEventId right) => left.CompareTo(right) > 0;

    /// <summary>Tells whether the left value sorts after or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(AllocationEventId left, AllocationEventId right) => left.CompareTo(right) >= 0;

    private static bool TryNumber(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        return text.Length is > 0 and <= 19
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= 1;
    }
}
