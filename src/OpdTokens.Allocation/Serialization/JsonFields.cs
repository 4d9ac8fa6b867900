using System.Globalization;
using System.Text.Json;

namespace OpdTokens.Allocation.Serialization;

/// <summary>The field encodings the model converters share: instants in the round-trip format with their offset and
/// every tick, dates as <c>yyyy-MM-dd</c>, durations as <c>[-][d.]hh:mm:ss[.fffffff]</c>, enums by name, ids as their
/// text; and strict readers that turn every malformed value into a <see cref="JsonException"/>.</summary>
/// <remarks>The converters write the same text whatever the serializer options say (naming policy, enum converters,
/// ignore conditions): a stored doctor-day must read back the same under any host's options.</remarks>
internal static class JsonFields
{
    private const string InstantFormat = "O";
    private const string DateFormat = "yyyy-MM-dd";
    private const string DurationFormat = "c";

    /// <summary>Moves to the value of the property the reader is on.</summary>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ended inside an object.");
        }
    }

    /// <summary>Checks the reader is at the start of an object.</summary>
    public static void StartObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A {what} must be a JSON object.");
        }
    }

    /// <summary>Moves to the next property name of the object; <see langword="false"/> at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType != JsonTokenType.EndObject;
    }

    /// <summary>Moves to the next item of the array; <see langword="false"/> at its end.</summary>
    public static bool NextItem(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType != JsonTokenType.EndArray;
    }

    public static void StartArray(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"The {what} must be a JSON array.");
        }
    }

    public static JsonException Missing(string what, string property) =>
        new($"A {what} must have the property '{property}'.");

    public static string String(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"'{field}' must be a JSON string.");

    public static string? NullableString(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : String(ref reader, field);

    public static int Int32(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new JsonException($"'{field}' must be a whole number.");

    public static long Int64(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw new JsonException($"'{field}' must be a whole number.");

    public static bool Boolean(ref Utf8JsonReader reader, string field) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw new JsonException($"'{field}' must be true or false."),
        };

    public static DateTimeOffset Instant(ref Utf8JsonReader reader, string field) =>
        DateTimeOffset.TryParseExact(
            String(ref reader, field),
            InstantFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.RoundtripKind,
            out var value
        )
            ? value
            : throw new JsonException(
                $"'{field}' must be an instant in the round-trip format with its offset, such as "
                    + "2026-11-21T09:00:00.0000000+05:30."
            );

    public static DateTimeOffset? NullableInstant(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : Instant(ref reader, field);

    public static void WriteInstant(Utf8JsonWriter writer, string field, DateTimeOffset value)
    {
        // Written raw: the text is ASCII digits and punctuation, and an encoder would write the offset's '+' as
        // \u002B, which reads back the same but is hard on people reading a stored document.
        Span<byte> quoted = stackalloc byte[40];
        quoted[0] = (byte)'"';
        value.TryFormat(quoted[1..], out var written, InstantFormat, CultureInfo.InvariantCulture);
        quoted[written + 1] = (byte)'"';
        writer.WritePropertyName(field);
        writer.WriteRawValue(quoted[..(written + 2)], skipInputValidation: true);
    }

    public static void WriteInstant(Utf8JsonWriter writer, string field, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            WriteInstant(writer, field, instant);
        }
        else
        {
            writer.WriteNull(field);
        }
    }

    public static DateOnly Date(ref Utf8JsonReader reader, string field) =>
        DateOnly.TryParseExact(
            String(ref reader, field),
            DateFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var value
        )
            ? value
            : throw new JsonException($"'{field}' must be a date such as 2026-11-21.");

    public static void WriteDate(Utf8JsonWriter writer, string field, DateOnly value)
    {
        Span<char> text = stackalloc char[10];
        value.TryFormat(text, out var written, DateFormat, CultureInfo.InvariantCulture);
        writer.WriteString(field, text[..written]);
    }

    public static TimeSpan Duration(ref Utf8JsonReader reader, string field) =>
        TimeSpan.TryParseExact(String(ref reader, field), DurationFormat, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException($"'{field}' must be a duration such as 00:45:00.");

    public static void WriteDuration(Utf8JsonWriter writer, string field, TimeSpan value) =>
        writer.WriteString(field, value.ToString(DurationFormat, CultureInfo.InvariantCulture));

    /// <summary>An enum member by its name, exactly as written; numbers and unknown names are refused.</summary>
    public static TEnum Enum<TEnum>(ref Utf8JsonReader reader, string field)
        where TEnum : struct, Enum
    {
        var text = String(ref reader, field);
        return
            text.Length > 0
            && char.IsAsciiLetter(text[0])
            && System.Enum.TryParse<TEnum>(text, ignoreCase: false, out var value)
            && System.Enum.IsDefined(value)
            ? value
            : throw new JsonException($"'{field}' must be one of: {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
    }

    public static void WriteEnum<TEnum>(Utf8JsonWriter writer, string field, TEnum value)
        where TEnum : struct, Enum =>
        writer.WriteString(
            field,
            System.Enum.IsDefined(value)
                ? value.ToString()
                : throw new JsonException($"{value} is not a {typeof(TEnum).Name} and cannot be written.")
        );

    public static T Id<T>(ref Utf8JsonReader reader, string what)
        where T : struct, ISpanParsable<T> => IdJson.Read<T>(ref reader, what);

    public static T? NullableId<T>(ref Utf8JsonReader reader, string what)
        where T : struct, ISpanParsable<T> =>
        reader.TokenType == JsonTokenType.Null ? null : IdJson.Read<T>(ref reader, what);

    public static void WriteId<T>(Utf8JsonWriter writer, string field, T value)
        where T : struct, IUtf8SpanFormattable, IEquatable<T>
    {
        writer.WritePropertyName(field);
        IdJson.Write(writer, value, asPropertyName: false);
    }

    public static void WriteId<T>(Utf8JsonWriter writer, string field, T? value)
        where T : struct, IUtf8SpanFormattable, IEquatable<T>
    {
        if (value is { } id)
        {
            WriteId(writer, field, id);
        }
        else
        {
            writer.WriteNull(field);
        }
    }

    /// <summary>Wraps the refusal of a model's constructor or factory as a JSON error.</summary>
    public static JsonException Invalid(string what, Exception inner) =>
        new($"The {what} in the JSON is not valid: {inner.Message}", inner);
}
