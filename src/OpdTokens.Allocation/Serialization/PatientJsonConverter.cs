using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes a <see cref="Patient"/> as
/// <c>{"name":…,"phone":…,"patientId":…,"dateOfBirth":"yyyy-MM-dd","attributes":{…}}</c>.</summary>
/// <remarks>
/// <para>It is attached to <see cref="Patient"/>, so System.Text.Json uses it without configuration; it is public for
/// source-generated serializer contexts and for options that list their converters. Only <c>name</c> is required
/// when reading; property names are as shown whatever the options' naming policy.</para>
/// <para>This is personal data: keep the JSON where the patient's record may be kept. This type is stateless and
/// thread-safe.</para>
/// </remarks>
public sealed class PatientJsonConverter : JsonConverter<Patient>
{
    private const string What = "patient";

    /// <inheritdoc />
    public override Patient Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadValue(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Patient value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteValue(writer, value);
    }

    internal static Patient ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.StartObject(ref reader, What);
        string? name = null,
            phone = null,
            patientId = null;
        DateOnly? dateOfBirth = null;
        var attributes = PatientAttributes.Empty;
        while (JsonFields.NextProperty(ref reader))
        {
            var property = reader.GetString();
            JsonFields.Next(ref reader);
            switch (property)
            {
                case "name":
                    name = JsonFields.String(ref reader, property);
                    break;
                case "phone":
                    phone = JsonFields.NullableString(ref reader, property);
                    break;
                case "patientId":
                    patientId = JsonFields.NullableString(ref reader, property);
                    break;
                case "dateOfBirth":
                    dateOfBirth = reader.TokenType == JsonTokenType.Null ? null : JsonFields.Date(ref reader, property);
                    break;
                case "attributes":
                    attributes =
                        reader.TokenType == JsonTokenType.Null
                            ? PatientAttributes.Empty
                            : PatientAttributesJsonConverter.ReadValue(ref reader);
                    break;
                default:
                    throw new JsonException($"A {What} has no property '{property}'.");
            }
        }

        return new Patient(name ?? throw JsonFields.Missing(What, "name"), phone, patientId)
        {
            DateOfBirth = dateOfBirth,
            Attributes = attributes,
        };
    }

    internal static void WriteValue(Utf8JsonWriter writer, Patient value)
    {
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WriteString("phone", value.Phone);
        writer.WriteString("patientId", value.PatientId);
        if (value.DateOfBirth is { } dateOfBirth)
        {
            JsonFields.WriteDate(writer, "dateOfBirth", dateOfBirth);
        }
        else
        {
            writer.WriteNull("dateOfBirth");
        }

        writer.WritePropertyName("attributes");
        PatientAttributesJsonConverter.WriteValue(writer, value.Attributes);
        writer.WriteEndObject();
    }
}
