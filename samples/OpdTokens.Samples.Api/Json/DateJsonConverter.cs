using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Samples.Api.Json;

/// <summary>Dates as <c>YYYY-MM-DD</c>, exactly.</summary>
internal sealed class DateJsonConverter : JsonConverter<DateOnly>
{
    public const string Format = "yyyy-MM-dd";

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && TryParse(reader.GetString(), out var date)
            ? date
            : throw new WireFormatException("Expected a date as YYYY-MM-DD.");

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));
}
