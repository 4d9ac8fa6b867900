using System.Text.Json;

namespace OpdTokens.Samples.Api.Json;

/// <summary>The lower snake_case wire names of enum values (<c>walk_in</c>, <c>checked_in</c>, <c>bumped_other</c>),
/// shared by the JSON converter, query strings and analytics keys so they can never disagree.</summary>
internal static class WireNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.SnakeCaseLower;

    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => Policy.ConvertName(value.ToString());

    /// <summary>Parses an exact wire name; nothing else (numbers, other casings, flag lists) is accepted.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>All wire names of an enum, for error messages.</summary>
    public static string List<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(v => Of(v)));
}
