using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes <see cref="PatientAttributes"/> as a JSON object of string values, such as
/// <c>{"mobility":"wheelchair"}</c>, names in ordinal order.</summary>
/// <remarks>
/// <para>It is attached to <see cref="PatientAttributes"/>, so System.Text.Json uses it without configuration; it is
/// public for source-generated serializer contexts and for options that list their converters.</para>
/// <para>Reading checks every limit of <see cref="PatientAttributes"/> and refuses a set that breaks one with a
/// <see cref="JsonException"/> naming the rules, never the values. This type is stateless and thread-safe.</para>
/// </remarks>
public sealed class PatientAttributesJsonConverter : JsonConverter<PatientAttributes>
{
    private const string What = "set of patient attributes";

    /// <inheritdoc />
    public override PatientAttributes Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => ReadValue(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PatientAttributes value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteValue(writer, value);
    }

    internal static PatientAttributes ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.StartObject(ref reader, What);
        var items = new List<KeyValuePair<string, string>>();
        while (JsonFields.NextProperty(ref reader))
        {
            var name = reader.GetString()!;
            JsonFields.Next(ref reader);
            items.Add(new(name, JsonFields.String(ref reader, "attribute value")));
        }

        return PatientAttributes.TryCreate(items, out var attributes, out var errors)
            ? attributes
            : throw new JsonException(
                "The patient attributes in the JSON break these rules: "
                    + string.Join(" ", errors.Select(e => e.Message))
            );
    }

    internal static void WriteValue(Utf8JsonWriter writer, PatientAttributes value)
    {
        writer.WriteStartObject();
        foreach (var (name, text) in value)
        {
            writer.WriteString(name, text);
        }

        writer.WriteEndObject();
    }
}
