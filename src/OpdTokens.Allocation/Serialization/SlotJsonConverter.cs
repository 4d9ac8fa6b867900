using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes a <see cref="Slot"/> as
/// <c>{"id":"S-D1-20261121-1","startsAt":…,"endsAt":…,"maxCapacity":20,"isActive":true}</c>.</summary>
/// <remarks>It is attached to <see cref="Slot"/>, so System.Text.Json uses it without configuration; it is public for
/// source-generated serializer contexts and for options that list their converters. Instants are in the round-trip
/// format with their offset and every tick; <c>isActive</c> is <see langword="true"/> when absent; property names are as
/// shown whatever the options' naming policy. This type is stateless and thread-safe.</remarks>
public sealed class SlotJsonConverter : JsonConverter<Slot>
{
    private const string What = "slot";

    /// <inheritdoc />
    public override Slot Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadValue(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Slot value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteValue(writer, value);
    }

    internal static Slot ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.StartObject(ref reader, What);
        SlotId? id = null;
        DateTimeOffset? startsAt = null,
            endsAt = null;
        int? maxCapacity = null;
        var isActive = true;
        while (JsonFields.NextProperty(ref reader))
        {
            var property = reader.GetString();
            JsonFields.Next(ref reader);
            switch (property)
            {
                case "id":
                    id = JsonFields.Id<SlotId>(ref reader, "slot id");
                    break;
                case "startsAt":
                    startsAt = JsonFields.Instant(ref reader, property);
                    break;
                case "endsAt":
                    endsAt = JsonFields.Instant(ref reader, property);
                    break;
                case "maxCapacity":
                    maxCapacity = JsonFields.Int32(ref reader, property);
                    break;
                case "isActive":
                    isActive = JsonFields.Boolean(ref reader, property);
                    break;
                default:
                    throw new JsonException($"A {What} has no property '{property}'.");
            }
        }

        return new Slot(
            id ?? throw JsonFields.Missing(What, "id"),
            startsAt ?? throw JsonFields.Missing(What, "startsAt"),
            endsAt ?? throw JsonFields.Missing(What, "endsAt"),
            maxCapacity ?? throw JsonFields.Missing(What, "maxCapacity"),
            isActive
        );
    }

    internal static void WriteValue(Utf8JsonWriter writer, Slot value)
    {
        writer.WriteStartObject();
        JsonFields.WriteId(writer, "id", value.Id);
        JsonFields.WriteInstant(writer, "startsAt", value.StartsAt);
        JsonFields.WriteInstant(writer, "endsAt", value.EndsAt);
        writer.WriteNumber("maxCapacity", value.MaxCapacity);
        writer.WriteBoolean("isActive", value.IsActive);
        writer.WriteEndObject();
    }
}
