using System.Text.Json;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes ids as JSON strings in their text form, for the four id converters.</summary>
/// <remarks>Ids are short ASCII texts, so an unescaped value is read from its UTF-8 bytes without a string; the
/// default value of an id is refused rather than written as a text that would read back as something else.</remarks>
internal static class IdJson
{
    /// <summary>Longer than any id's text: a longer value is refused before it is decoded.</summary>
    private const int MaxChars = 96;

    public static T Read<T>(ref Utf8JsonReader reader, string what)
        where T : struct, ISpanParsable<T>
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            throw new JsonException($"A {what} must be a JSON string.");
        }

        return TryRead(ref reader, out T value) ? value : throw new JsonException($"The JSON string is not a {what}.");
    }

    public static void Write<T>(Utf8JsonWriter writer, T value, bool asPropertyName)
        where T : struct, IUtf8SpanFormattable, IEquatable<T>
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> utf8 = stackalloc byte[MaxChars];
        if (value.Equals(default))
        {
            throw DefaultValue(typeof(T).Name);
        }

        value.TryFormat(utf8, out var written, default, null);
        if (asPropertyName)
        {
            writer.WritePropertyName(utf8[..written]);
        }
        else
        {
            writer.WriteStringValue(utf8[..written]);
        }
    }

    public static InvalidOperationException DefaultValue(string type) =>
        new(
            $"A default {type} cannot be serialised: it is not an id, and no text reads back as it. Create ids with "
                + "their constructor or Parse."
        );

    private static bool TryRead<T>(ref Utf8JsonReader reader, out T value)
        where T : struct, ISpanParsable<T>
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return T.TryParse(reader.GetString(), null, out value);
        }

        var utf8 = reader.ValueSpan;
        value = default;
        if (utf8.Length > MaxChars)
        {
            return false;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            // Ids are ASCII; any other byte is part of a character no id has.
            if (utf8[i] >= 0x80)
            {
                return false;
            }

            chars[i] = (char)utf8[i];
        }

        return T.TryParse(chars, null, out value);
    }
}
