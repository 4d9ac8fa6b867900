using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes a <see cref="TokenMove"/> as
/// <c>{"at":…,"from":"S-D1-20261121-1","to":null,"reason":"Bumped","note":null}</c>.</summary>
/// <remarks>It is attached to <see cref="TokenMove"/>, so System.Text.Json uses it without configuration; it is public
/// for source-generated serializer contexts and for options that list their converters. <c>from</c>, <c>to</c> and
/// <c>note</c> are <see langword="null"/> when absent; property names are as shown whatever the options' naming
/// policy. This type is stateless and thread-safe.</remarks>
public sealed class TokenMoveJsonConverter : JsonConverter<TokenMove>
{
    private const string What = "token move";

    /// <inheritdoc />
    public override TokenMove Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadValue(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TokenMove value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteValue(writer, value);
    }

    internal static TokenMove ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.StartObject(ref reader, What);
        DateTimeOffset? at = null;
        SlotId? from = null,
            to = null;
        MoveReason? reason = null;
        string? note = null;
        while (JsonFields.NextProperty(ref reader))
        {
            var property = reader.GetString();
            JsonFields.Next(ref reader);
            switch (property)
            {
                case "at":
                    at = JsonFields.Instant(ref reader, property);
                    break;
                case "from":
                    from = JsonFields.NullableId<SlotId>(ref reader, "slot id");
                    break;
                case "to":
                    to = JsonFields.NullableId<SlotId>(ref reader, "slot id");
                    break;
                case "reason":
                    reason = JsonFields.Enum<MoveReason>(ref reader, property);
                    break;
                case "note":
                    note = JsonFields.NullableString(ref reader, property);
                    break;
                default:
                    throw new JsonException($"A {What} has no property '{property}'.");
            }
        }

        return new TokenMove(
            at ?? throw JsonFields.Missing(What, "at"),
            from,
            to,
            reason ?? throw JsonFields.Missing(What, "reason"),
            note
        );
    }

    internal static void WriteValue(Utf8JsonWriter writer, TokenMove value)
    {
        writer.WriteStartObject();
        JsonFields.WriteInstant(writer, "at", value.At);
        JsonFields.WriteId(writer, "from", value.From);
        JsonFields.WriteId(writer, "to", value.To);
        JsonFields.WriteEnum(writer, "reason", value.Reason);
        writer.WriteString("note", value.Note);
        writer.WriteEndObject();
    }
}
