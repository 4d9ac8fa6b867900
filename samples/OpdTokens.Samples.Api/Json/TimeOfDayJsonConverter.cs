using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Samples.Api.Json;

/// <summary>Times of day as <c>HH:mm</c> (24-hour), exactly.</summary>
internal sealed class TimeOfDayJsonConverter : JsonConverter<TimeOnly>
{
    public const string Format = "HH:mm";

    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && TimeOnly.TryParseExact(
            reader.GetString(),
            Format,
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var time
        )
            ? time
            : throw new WireFormatException("Expected a time of day as HH:mm.");

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));
}
