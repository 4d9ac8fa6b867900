using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Samples.Api.Json;

/// <summary>Reads and writes enums as their exact lower snake_case names; numbers and unknown names are refused,
/// which the host turns into a 400.</summary>
internal sealed class SnakeCaseEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (
                reader.TokenType == JsonTokenType.String
                && WireNames.TryParse<TEnum>(reader.GetString(), out var value)
            )
            {
                return value;
            }

            throw new WireFormatException($"Expected one of: {WireNames.List<TEnum>()}.");
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(WireNames.Of(value));
    }
}
