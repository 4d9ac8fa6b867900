using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes a <see cref="PartitionKey"/> as a JSON string in its text form, such as <c>"D1/2026-11-21"</c>, also as
/// a dictionary key.</summary>
/// <remarks>
/// <para>It is attached to <see cref="PartitionKey"/>, so System.Text.Json uses it without configuration; it is public for
/// source-generated serializer contexts and for options that list their converters.</para>
/// <para>Reading refuses anything but a string holding a doctor-day key with a <see cref="JsonException"/>; writing the
/// default value throws <see cref="InvalidOperationException"/>, as it is not an id. This type is stateless and
/// thread-safe.</para>
/// </remarks>
public sealed class PartitionKeyJsonConverter : JsonConverter<PartitionKey>
{
    /// <inheritdoc />
    public override PartitionKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IdJson.Read<PartitionKey>(ref reader, "doctor-day key");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PartitionKey value, JsonSerializerOptions options) =>
        IdJson.Write(writer, value, asPropertyName: false);

    /// <inheritdoc />
    public override PartitionKey ReadAsPropertyName(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => IdJson.Read<PartitionKey>(ref reader, "doctor-day key");

    /// <inheritdoc />
    public override void WriteAsPropertyName(
        Utf8JsonWriter writer,
        PartitionKey value,
        JsonSerializerOptions options
    ) => IdJson.Write(writer, value, asPropertyName: true);
}
