using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Reporting;

/// <summary>Prints a <see cref="DayReport"/> as JSON for machines: snake_case names and enum values, ids in their
/// text form, instants in the hospital's time zone.</summary>
public static class JsonReportWriter
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters =
        {
            new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower),
            new TextFormConverter<DoctorId>(),
            new TextFormConverter<SlotId>(),
            new TextFormConverter<TokenId>(),
            new HospitalTimeConverter(),
        },
    };

    public static void Write(DayReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(JsonSerializer.Serialize(report, Options));
    }

    /// <summary>Writes an id as its text form; the report is output only.</summary>
    private sealed class TextFormConverter<T> : JsonConverter<T>
        where T : struct
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The report is written, never read back.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    /// <summary>Writes instants in the hospital's time zone, as people there read them.</summary>
    private sealed class HospitalTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(
            ref Utf8JsonReader reader,
            Type typeToConvert,
            JsonSerializerOptions options
        ) => DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(TimeZoneInfo.ConvertTime(value, ScenarioCalendar.HospitalZone));
    }
}
