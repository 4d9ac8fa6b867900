using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes a <see cref="Doctor"/> as
/// <c>{"id":"D1","name":…,"specialty":…,"isActive":true}</c>.</summary>
/// <remarks>It is attached to <see cref="Doctor"/>, so System.Text.Json uses it without configuration; it is public
/// for source-generated serializer contexts and for options that list their converters. <c>isActive</c> is
/// <see langword="true"/> when absent; property names are as shown whatever the options' naming policy. This type is
/// stateless and thread-safe.</remarks>
public sealed class DoctorJsonConverter : JsonConverter<Doctor>
{
    private const string What = "doctor";

    /// <inheritdoc />
    public override Doctor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonFields.StartObject(ref reader, What);
        DoctorId? id = null;
        string? name = null,
            specialty = null;
        var isActive = true;
        while (JsonFields.NextProperty(ref reader))
        {
            var property = reader.GetString();
            JsonFields.Next(ref reader);
            switch (property)
            {
                case "id":
                    id = JsonFields.Id<DoctorId>(ref reader, "doctor id");
                    break;
                case "name":
                    name = JsonFields.String(ref reader, property);
                    break;
                case "specialty":
                    specialty = JsonFields.String(ref reader, property);
                    break;
                case "isActive":
                    isActive = JsonFields.Boolean(ref reader, property);
                    break;
                default:
                    throw new JsonException($"A {What} has no property '{property}'.");
            }
        }

        return new Doctor(
            id ?? throw JsonFields.Missing(What, "id"),
            name ?? throw JsonFields.Missing(What, "name"),
            specialty ?? throw JsonFields.Missing(What, "specialty"),
            isActive
        );
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Doctor value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        JsonFields.WriteId(writer, "id", value.Id);
        writer.WriteString("name", value.Name);
        writer.WriteString("specialty", value.Specialty);
        writer.WriteBoolean("isActive", value.IsActive);
        writer.WriteEndObject();
    }
}
