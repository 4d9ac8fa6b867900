using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes a whole <see cref="DoctorDay"/> as one JSON document, so a store can keep a doctor-day
/// as a document and give back exactly what it was given.</summary>
/// <remarks>
/// <para>The document is <c>{"key":"D1/2026-11-21","version":7,"delay":"00:45:00","slots":[…],"tokens":[…],
/// "idempotencyRecords":[…]}</c>: slots as <see cref="SlotJsonConverter"/>, tokens (in sequence order) as
/// <see cref="TokenJsonConverter"/> and records (by key) as <see cref="IdempotencyRecordJsonConverter"/> write them.
/// Reading rebuilds the day with <see cref="DoctorDay.Create"/>, which derives the queues, the waitlist and the indexes
/// and refuses inconsistent data; that refusal, like any malformed value or unknown property, is a
/// <see cref="JsonException"/>. Property names are as shown whatever the options' naming policy.</para>
/// <para>The document holds the patients' personal data. This type is stateless and thread-safe.</para>
/// </remarks>
public sealed class DoctorDayJsonConverter : JsonConverter<DoctorDay>
{
    private const string What = "doctor-day";

    /// <inheritdoc />
    public override DoctorDay Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonFields.StartObject(ref reader, What);
        PartitionKey? key = null;
        long? version = null;
        var delay = TimeSpan.Zero;
        var slots = new List<Slot>();
        var tokens = new List<Token>();
        var records = new List<IdempotencyRecord>();
        while (JsonFields.NextProperty(ref reader))
        {
            var property = reader.GetString();
            JsonFields.Next(ref reader);
            switch (property)
            {
                case "key":
                    key = JsonFields.Id<PartitionKey>(ref reader, "doctor-day key");
                    break;
                case "version":
                    version = JsonFields.Int64(ref reader, property);
                    break;
                case "delay":
                    delay = JsonFields.Duration(ref reader, property);
                    break;
                case "slots":
                    JsonFields.StartArray(ref reader, property);
                    while (JsonFields.NextItem(ref reader))
                    {
                        slots.Add(SlotJsonConverter.ReadValue(ref reader));
                    }

                    break;
                case "tokens":
                    JsonFields.StartArray(ref reader, property);
                    while (JsonFields.NextItem(ref reader))
                    {
                        tokens.Add(TokenJsonConverter.ReadValue(ref reader));
                    }

                    break;
                case "idempotencyRecords":
                    JsonFields.StartArray(ref reader, property);
                    while (JsonFields.NextItem(ref reader))
                    {
                        records.Add(IdempotencyRecordJsonConverter.ReadValue(ref reader));
                    }

                    break;
                default:
                    throw new JsonException($"A {What} has no property '{property}'.");
            }
        }

        try
        {
            return DoctorDay.Create(
                key ?? throw JsonFields.Missing(What, "key"),
                version ?? throw JsonFields.Missing(What, "version"),
                delay,
                slots,
                tokens,
                records
            );
        }
        catch (ArgumentException refused)
        {
            throw JsonFields.Invalid(What, refused);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DoctorDay value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        JsonFields.WriteId(writer, "key", value.Key);
        writer.WriteNumber("version", value.Version);
        JsonFields.WriteDuration(writer, "delay", value.Delay);
        writer.WriteStartArray("slots");
        foreach (var slot in value.Slots)
        {
            SlotJsonConverter.WriteValue(writer, slot);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("tokens");
        // The one place that walks a day's tokens: they come in sequence order.
        foreach (var token in value.Tokens)
        {
            TokenJsonConverter.WriteValue(writer, token);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("idempotencyRecords");
        foreach (var record in value.IdempotencyRecords.Values.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            IdempotencyRecordJsonConverter.WriteValue(writer, record);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
