using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes an <see cref="AllocationEventId"/> as a JSON string in its text form, such as
/// <c>"E-D1-20261121-7-2"</c>, also as a dictionary key.</summary>
/// <remarks>
/// <para>It is attached to <see cref="AllocationEventId"/>, so System.Text.Json uses it without configuration; it is public for
/// source-generated serializer contexts and for options that list their converters.</para>
/// <para>Reading refuses anything but a string holding an event id with a <see cref="JsonException"/>; writing the
/// default value throws <see cref="InvalidOperationException"/>. This type is stateless and thread-safe.</para>
/// </remarks>
public sealed class AllocationEventIdJsonConverter : JsonConverter<AllocationEventId>
{
    /// <inheritdoc />
    public override AllocationEventId Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => IdJson.Read<AllocationEventId>(ref reader, "event id");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, AllocationEventId value, JsonSerializerOptions options) =>
        IdJson.Write(writer, value, asPropertyName: false);

    /// <inheritdoc />
    public override AllocationEventId ReadAsPropertyName(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => IdJson.Read<AllocationEventId>(ref reader, "event id");

    /// <inheritdoc />
    public override void WriteAsPropertyName(
        Utf8JsonWriter writer,
        AllocationEventId value,
        JsonSerializerOptions options
    ) => IdJson.Write(writer, value, asPropertyName: true);
}
