using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes a <see cref="DoctorId"/> as a JSON string in its text form, such as <c>"D1"</c>, also as
/// a dictionary key.</summary>
/// <remarks>
/// <para>It is attached to <see cref="DoctorId"/>, so System.Text.Json uses it without configuration; it is public for
/// source-generated serializer contexts and for options that list their converters.</para>
/// <para>Reading refuses anything but a string holding a doctor id with a <see cref="JsonException"/>; writing the
/// default value throws <see cref="InvalidOperationException"/>, as it is not an id. This type is stateless and
/// thread-safe.</para>
/// </remarks>
public sealed class DoctorIdJsonConverter : JsonConverter<DoctorId>
{
    /// <inheritdoc />
    public override DoctorId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IdJson.Read<DoctorId>(ref reader, "doctor id");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DoctorId value, JsonSerializerOptions options) =>
        IdJson.Write(writer, value, asPropertyName: false);

    /// <inheritdoc />
    public override DoctorId ReadAsPropertyName(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => IdJson.Read<DoctorId>(ref reader, "doctor id");

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, DoctorId value, JsonSerializerOptions options) =>
        IdJson.Write(writer, value, asPropertyName: true);
}
