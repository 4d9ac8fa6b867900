using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Samples.Api.Json;

/// <summary>The JSON conventions of the HTTP contract: camelCase names, snake_case enum strings, strict types.</summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // The web defaults read "10" as a number; the contract says wrong types are a 400.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new SnakeCaseEnumConverter());
        options.Converters.Add(new DateJsonConverter());
        options.Converters.Add(new TimeOfDayJsonConverter());
    }
}
